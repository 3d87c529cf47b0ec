# What `cmake --install` installs besides the programs and libraries (whose
# rules are in their folders), each file in a component: the Debian package
# it goes to (cmake/packaging.cmake). Paths from GNUInstallDirs.

# pkg-config for libipmiprov (libipmiprov-dev): paths under ${prefix} when
# they are, so that PKG_CONFIG_SYSROOT_DIR and relocation work.
foreach(kind LIBDIR INCLUDEDIR)
  if(IS_ABSOLUTE "${CMAKE_INSTALL_${kind}}")
    set(IPMIPROV_PC_${kind} "${CMAKE_INSTALL_${kind}}")
  else()
    set(IPMIPROV_PC_${kind} "\${prefix}/${CMAKE_INSTALL_${kind}}")
  endif()
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/cmake/ipmiprov.pc.in ${PROJECT_BINARY_DIR}/ipmiprov.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/ipmiprov.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig
  COMPONENT libipmiprov-dev)

# The class and registration files, with the CMPI adapter (ipmiprov-cmpi):
# share/ipmiprov/cim-schemas/, laid out as in the source tree.
install(FILES cim-schemas/README.md cim-schemas/ipmiprov.mof cim-schemas/ipmiprov-inventory.mof
  cim-schemas/ipmiprov-interop.mof DESTINATION ${CMAKE_INSTALL_DATADIR}/ipmiprov/cim-schemas COMPONENT ipmiprov-cmpi)
install(FILES cim-schemas/pegasus/ipmiprov-registration.mof
  DESTINATION ${CMAKE_INSTALL_DATADIR}/ipmiprov/cim-schemas/pegasus COMPONENT ipmiprov-cmpi)
install(FILES cim-schemas/sfcb/ipmiprov.reg DESTINATION ${CMAKE_INSTALL_DATADIR}/ipmiprov/cim-schemas/sfcb
  COMPONENT ipmiprov-cmpi)

# The documents (with the CLI: every other package depends on it or is a
# library), where the units' Documentation= and the man pages point.
file(GLOB IPMIPROV_DOCS ${PROJECT_SOURCE_DIR}/docs/*.md)
install(FILES README.md ${IPMIPROV_DOCS} DESTINATION ${CMAKE_INSTALL_DOCDIR} COMPONENT ipmiprov)

# Prometheus: the alert rules and an example scrape config, with the daemon
# that serves /metrics (docs/metrics.md).
install(FILES tools/daemon/prometheus/ipmiprov-alerts.yml tools/daemon/prometheus/prometheus.yml.example
  DESTINATION ${CMAKE_INSTALL_DATADIR}/ipmiprov/prometheus COMPONENT ipmiprovd)
