#!/usr/bin/env bash
# On a GPU machine with a CUDA LibTorch (a PyTorch wheel is enough: no Qt, OpenCV or OpenSlide needed):
# builds arml-gpu-check from bench/gpu and runs it. It compares the engine's stage-1 step, stage-2
# mutual step and pseudo masks on the GPU with the CPU, and measures images/s and peak GPU memory
# (bench/gpu_check.cpp). Results: JSON lines in $OUT/gpu-check.jsonl (or ./gpu-check.jsonl).
#   TORCH_PREFIX   LibTorch's CMake prefix (default: the one inside python3's torch)
#   GPU_CHECK_ARGS extra arguments for arml-gpu-check (e.g. --iterations 20)
set -uo pipefail
cd "$(dirname "$0")/.."
out=${OUT:-.}
build=${GPU_CHECK_BUILD:-/tmp/arml-gpu-check-build}
jobs=$(nproc)
start=$(date +%s)

nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader || true
prefix=${TORCH_PREFIX:-$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')}
python3 -c 'import torch; print("torch", torch.__version__, "cuda", torch.version.cuda, "cudnn", torch.backends.cudnn.version())' || true

exe=""
if cmake -S bench/gpu -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$prefix" >"$out/gpu-cmake.log" 2>&1 &&
   cmake --build "$build" --parallel "$jobs" >>"$out/gpu-cmake.log" 2>&1; then
  exe="$build/arml-gpu-check"
  echo "gpu-check: built with CMake in $(( $(date +%s) - start )) s"
else
  tail -25 "$out/gpu-cmake.log"
  # Without a usable TorchConfig (e.g. no CUDA toolkit for it to find): compile by hand against the
  # wheel's headers and libraries.
  echo "gpu-check: CMake failed; building with g++ directly"
  torch_dir=$(python3 -c 'import torch, os; print(os.path.dirname(torch.__file__))')
  cuda_inc=$(python3 -c 'import nvidia.cuda_runtime, os; print(os.path.join(list(nvidia.cuda_runtime.__path__)[0], "include"))' 2>/dev/null || echo /usr/local/cuda/include)
  mkdir -p "$build/manual"
  sources=$(sed -n '/^set(_sources/,/)/p' bench/gpu/CMakeLists.txt | tr ' ' '\n' | grep '\.cpp' | tr -d ')' | sed 's|^|engine/|')
  flags="-O2 -std=c++17 -DARML_WITH_CUDA=1 -D_GLIBCXX_USE_CXX11_ABI=1 -Iengine -I$torch_dir/include -I$torch_dir/include/torch/csrc/api/include -I$cuda_inc -I/usr/local/cuda/include"
  printf '%s\n' bench/gpu_check.cpp $sources | xargs -P "$jobs" -I{} sh -c "g++ $flags -c {} -o $build/manual/\$(echo {} | tr / _).o" >>"$out/gpu-cmake.log" 2>&1
  g++ "$build"/manual/*.o -o "$build/arml-gpu-check-manual" -L"$torch_dir/lib" -Wl,-rpath,"$torch_dir/lib" \
    -Wl,--no-as-needed -ltorch -ltorch_cpu -ltorch_cuda -lc10 -lc10_cuda -Wl,--as-needed >>"$out/gpu-cmake.log" 2>&1 &&
    exe="$build/arml-gpu-check-manual"
  echo "gpu-check: manual build $( [ -n "$exe" ] && echo done || echo FAILED ) in $(( $(date +%s) - start )) s"
  [ -n "$exe" ] || { tail -40 "$out/gpu-cmake.log"; exit 1; }
fi

# shellcheck disable=SC2086
"$exe" --device cuda --cpu-speed --out "$out/gpu-check.jsonl" ${GPU_CHECK_ARGS:-}
rc=$?
nvidia-smi --query-gpu=memory.used,utilization.gpu --format=csv,noheader || true
echo "gpu-check: exit $rc after $(( $(date +%s) - start )) s"
exit $rc
