# arml_mask_io: the torch-free engine files the review workspace needs in-process (palette PNG
# masks, atomic writes, GeoJSON / ASAP exchange, review.json and
# the mask set it implies). They are compiled again here rather than linking
# arml_data, whose arml_core dependency brings LibTorch into the GUI. Included by app/studio.
add_library(arml_mask_io STATIC
  "${PROJECT_SOURCE_DIR}/engine/data/palette_png.cpp"
  "${PROJECT_SOURCE_DIR}/engine/data/png_chunks.cpp"
  "${PROJECT_SOURCE_DIR}/engine/data/mask_exchange.cpp"
  "${PROJECT_SOURCE_DIR}/engine/data/json_shape.cpp"
  "${PROJECT_SOURCE_DIR}/engine/data/slide_patch_placement.cpp"
  "${PROJECT_SOURCE_DIR}/engine/data/review_state.cpp"
  "${PROJECT_SOURCE_DIR}/engine/data/mask_set.cpp"
  "${PROJECT_SOURCE_DIR}/engine/core/atomic_file.cpp"
  "${PROJECT_SOURCE_DIR}/engine/core/safe_path.cpp"
  "${PROJECT_SOURCE_DIR}/engine/core/image_limits.cpp")
target_include_directories(arml_mask_io PUBLIC "${PROJECT_SOURCE_DIR}/engine")
target_link_libraries(arml_mask_io PUBLIC opencv_core opencv_imgproc PNG::PNG
  PRIVATE nlohmann_json::nlohmann_json)
target_link_libraries(arml_ui PUBLIC arml_mask_io)
