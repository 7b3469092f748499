# Installation of the desktop integration and the Debian package (CPack DEB), included last from the
# top-level CMakeLists.txt. scripts/package.sh builds arml-studio_<version>_amd64.deb with it.
include(GNUInstallDirs)

# Man pages for `arml` and each of its verbs, generated from the built CLI's own help.
set(ARML_MAN_DIR "${CMAKE_BINARY_DIR}/man")
add_custom_command(OUTPUT "${ARML_MAN_DIR}/arml.1.gz"
  COMMAND "${CMAKE_COMMAND}" -E rm -rf "${ARML_MAN_DIR}"
  COMMAND "${CMAKE_COMMAND}" -DARML=$<TARGET_FILE:arml> -DOUT=${ARML_MAN_DIR} -DVERSION=${PROJECT_VERSION}
          "-DSTUDIO=$<$<BOOL:${ARML_BUILD_GUI}>:$<TARGET_FILE:arml-studio>>"
          -P "${PROJECT_SOURCE_DIR}/cmake/ArmlManPages.cmake"
  # gzip -n: no name or time stamp, so the package is reproducible (Debian policy 12.1).
  COMMAND sh -c "gzip -9nf '${ARML_MAN_DIR}'/*.1"
  DEPENDS arml $<$<BOOL:${ARML_BUILD_GUI}>:arml-studio> "${PROJECT_SOURCE_DIR}/cmake/ArmlManPages.cmake"
  COMMENT "Generating man pages from arml --help" VERBATIM)
add_custom_target(arml_man_pages ALL DEPENDS "${ARML_MAN_DIR}/arml.1.gz")
install(DIRECTORY "${ARML_MAN_DIR}/" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1" FILES_MATCHING PATTERN "*.1.gz")

# Debian policy: /usr/share/doc/<package>/copyright and a compressed changelog.
set(_doc "${CMAKE_BINARY_DIR}/doc")
add_custom_command(OUTPUT "${_doc}/changelog.gz"
  COMMAND "${CMAKE_COMMAND}" -E make_directory "${_doc}"
  COMMAND sh -c "gzip -9n <'${PROJECT_SOURCE_DIR}/packaging/debian/changelog' >'${_doc}/changelog.gz'"
  DEPENDS "${PROJECT_SOURCE_DIR}/packaging/debian/changelog" VERBATIM)
add_custom_target(arml_doc ALL DEPENDS "${_doc}/changelog.gz")
# README.md stays uncompressed: Help › User Guide opens it.
install(FILES "${PROJECT_SOURCE_DIR}/packaging/debian/copyright" "${_doc}/changelog.gz" "${PROJECT_SOURCE_DIR}/README.md"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/doc/arml-studio")

if(ARML_BUILD_GUI)
  set(_res "${PROJECT_SOURCE_DIR}/resources")
  install(FILES "${_res}/arml-studio.desktop" DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
  install(FILES "${_res}/io.github.armlstudio.ArmlStudio.metainfo.xml" DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
  install(FILES "${_res}/arml-studio-mime.xml" DESTINATION "${CMAKE_INSTALL_DATADIR}/mime/packages" RENAME arml-studio.xml)
  install(FILES "${_res}/arml-studio.svg" DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps")
  install(DIRECTORY "${ARML_ICON_PNG_DIR}/" DESTINATION "${CMAKE_INSTALL_DATADIR}/icons/hicolor")
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME arml-studio)
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "ARML Studio developers")
set(CPACK_PACKAGE_CONTACT "ARML Studio developers <arml-studio@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "weakly supervised tissue segmentation of H&E histology")
# CPack starts each line with the space Debian's control format needs; lines stay under 80 columns.
set(CPACK_PACKAGE_DESCRIPTION "ARML Studio trains tissue segmentation networks for H&E histology\n\
from image-level labels: class activation maps become pseudo masks, which\n\
are reviewed and corrected before a segmentation network is trained on\n\
them. This package holds the desktop application arml-studio, the command\n\
line arml and its in-process engine plugin.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # arml-studio_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)   # Depends: computed from the binaries by dpkg-shlibdeps
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS OFF)
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
include(CPack)
