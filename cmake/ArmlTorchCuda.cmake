# arml_torch_cuda_source(SOURCE): compiles SOURCE with ARML_WITH_CUDA=1 when the LibTorch found is a
# CUDA build (its TorchConfig lists CUDA libraries), else 0. Only engine/compute/gpu_devices.cpp needs it:
# the CUDA-only calls (device properties, allocator statistics) are compiled there and nowhere else,
# and no other file's compile command changes with the LibTorch flavour.
function(arml_torch_cuda_source source)
  if(TORCH_CUDA_LIBRARIES OR TARGET torch_cuda)
    set_property(SOURCE "${source}" APPEND PROPERTY COMPILE_DEFINITIONS ARML_WITH_CUDA=1)
  else()
    set_property(SOURCE "${source}" APPEND PROPERTY COMPILE_DEFINITIONS ARML_WITH_CUDA=0)
  endif()
endfunction()
