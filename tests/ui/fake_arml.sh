#!/bin/sh
# Stand-in for `arml`: `info` answers like the real one; inspect-data and make-demo-data run the
# real CLI named by ARML_REAL_CLI; any other command prints a recorded
# two-stage training stream, or hangs until SIGTERM when FAKE_ARML_HANG is set. Like the real
# `arml pipeline`, a pipeline writes its config.json and its event stream (events.jsonl) into --out.
for a in "$@"; do [ "$a" = info ] && { echo "arml 0.1.0"; echo "LibTorch 1.13.0, OpenCV 4.6.0, device cpu, 2 threads"; exit 0; }; done
# Reading and making datasets is left to the real CLI (ARML_REAL_CLI) when the test names it.
for a in "$@"; do case "$a" in inspect-data|make-demo-data) [ -n "$ARML_REAL_CLI" ] && exec "$ARML_REAL_CLI" "$@";; esac; done
if [ -n "$FAKE_ARML_HANG" ]; then
  trap 'echo "checkpoint saved" >&2; exit 130' TERM
  echo '{"type":"step","time":0.1,"stage":"stage1","epoch":1,"step":1,"steps":10,"loss":0.7,"lr":0.01,"images_per_s":21.5}'
  while true; do sleep 0.05; done
fi
out=; pipeline=; prev=
for a in "$@"; do [ "$prev" = --out ] && out=$a; [ "$a" = pipeline ] && pipeline=1; prev=$a; done
events=/dev/null
if [ -n "$pipeline" ] && [ -n "$out" ]; then
  mkdir -p "$out"
  echo '{"config": {"stage1": {"ars": "reference"}}, "software": {"arml": "fake"}}' > "$out/config.json"
  events="$out/events.jsonl"
fi
# Each run has its own noise (seeded by the process id), so that two compared runs differ.
awk -v seed=$$ 'BEGIN { srand(seed); t = 0; n = 0;
  for (stage = 1; stage <= 2; stage++) { E = 4; S = 400; name = (stage == 1) ? "stage1" : "stage2";
    for (e = 1; e <= E; e++) {
      for (s = 1; s <= S; s++) { n++; t += 0.05;
        loss = (stage == 1 ? 0.7 : 1.2) * exp(-((e - 1) * S + s) / 500) + 0.1 + 0.08 * rand();
        lr = (stage == 1 ? 0.01 : 0.005) * (1 - ((e - 1) * S + s - 1) / (E * S)) ^ 0.9;
        printf "{\"type\":\"step\",\"time\":%.3f,\"stage\":\"%s\",\"epoch\":%d,\"step\":%d,\"steps\":%d,\"loss\":%.5f,\"lr\":%.6g,\"images_per_s\":%.1f}\n", t, name, e, s, S, loss, lr, 20 + rand() }
      if (stage == 2) { m = 0.35 + 0.08 * e + 0.02 * rand();
        printf "{\"type\":\"epoch\",\"time\":%.3f,\"stage\":\"%s\",\"epoch\":%d,\"epochs\":%d,\"val_miou\":%.4f,\"iou\":[%.3f,%.3f,%.3f,%.3f]}\n", t, name, e, E, m, m + 0.1, m - 0.05, m + 0.02, m - 0.1 }
      else printf "{\"type\":\"epoch\",\"time\":%.3f,\"stage\":\"%s\",\"epoch\":%d,\"epochs\":%d,\"cam_miou\":%.4f}\n", t, name, e, E, 0.2 + 0.07 * e } }
  printf "{\"type\":\"metric\",\"time\":%.3f,\"name\":\"miou\",\"value\":0.6871,\"split\":\"test\"}\n", t
  printf "{\"type\":\"done\",\"time\":%.3f,\"exit_code\":0}\n", t }' | tee -a "$events"
echo "fake arml finished" >&2
