// The plugin's entry point: one process-wide Engine that opens sessions on resolved devices.
#include "interactive/interactive_engine.h"

#include "compute/compute.h"
#include "interactive/classifier_session.h"
#include "interactive/engine_errors.h"
#include "interactive/segmenter_session.h"

namespace arml::interactive {

namespace {

class TorchEngine final : public Engine {
 public:
  std::unique_ptr<ClassifierSession> openClassifier(const std::string& weights, const std::string& device,
                                                    int threads) override {
    return translateErrors(weights, [&] {
      setComputeThreads(threads);
      return openClassifierSession(weights, resolveDeviceName(device));
    });
  }

  std::unique_ptr<SegmenterSession> openSegmenter(const std::string& weights, const std::string& device,
                                                  int threads) override {
    return translateErrors(weights, [&] {
      setComputeThreads(threads);
      return openSegmenterSession(weights, resolveDeviceName(device));
    });
  }
};

}  // namespace

}  // namespace arml::interactive

extern "C" arml::interactive::Engine* arml_interactive_engine() {
  static arml::interactive::TorchEngine engine;
  return &engine;
}
