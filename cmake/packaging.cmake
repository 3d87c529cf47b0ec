# Debian packages: `cpack -G DEB` in a build directory configured with
# -DCMAKE_INSTALL_PREFIX=/usr (README.md, "From a package"). One package per
# install component:
#   ipmiprov         the CLI, its bash completion, ipmiprov(1), the OS events
#                    unit and the documents
#   ipmiprovd        the daemon, its unit, /etc/ipmiprov/ipmiprovd.conf (a
#                    conffile), ipmiprovd(8), ipmiprovd.conf(5); its postinst
#                    creates the system group ipmiprov (tools/package/)
#   libipmiprov1     libipmiprov.so.1 (the provider ABI)
#   libipmiprov-dev  its header, the .so link, ipmiprov.pc
#   ipmiprov-cmpi    the CMPI adapter with its MOF and registration files
# tests/package/check-packages.sh builds them and installs them into an
# empty root (ctest -L package).
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME ipmiprov)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "ipmiprov developers <ipmiprov@localhost>" CACHE STRING "The packages' Maintainer")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
# The config file goes to /etc, an absolute path: installed under DESTDIR.
set(CPACK_SET_DESTDIR ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL ipmiprov ipmiprovd libipmiprov1 libipmiprov-dev ipmiprov-cmpi)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# Binaries stripped, as Debian ships them (lintian: unstripped-binary-or-object).
set(CPACK_STRIP_FILES ON)
# libipmiprov1 gets a shlibs file; dpkg-shlibdeps finds our own
# libipmiprov.so.1, which ipmiprov-cmpi links, in the build tree (that
# package's Depends names libipmiprov1 itself, below).
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS_POLICY ">=")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS ${PROJECT_BINARY_DIR}/provider)

set(exact "(= ${PROJECT_VERSION})")
# The descriptions: a synopsis line, then the long text, whose lines CPack
# indents by one space itself (two would make them verbatim).
set(CPACK_DEBIAN_IPMIPROV_PACKAGE_NAME ipmiprov)
set(CPACK_DEBIAN_IPMIPROV_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_IPMIPROV_DESCRIPTION "host-side IPMI tool: sensors, SEL, chassis, FRU, CIM
ipmiprov reads a machine's BMC through the Linux IPMI driver, over the
network (RMCP+, IPMI 1.5) or through the ipmiprovd daemon: sensors with
their severity, the System Event Log, the chassis, the FRU inventory, the
BMC's network and users, and the CIM model, as tables, CSV, JSON or
Prometheus metrics.")
# The daemon is reached, checked and documented through the CLI (`ipmiprov
# daemon status`, the documents its unit names): ipmiprovd depends on it.
set(CPACK_DEBIAN_IPMIPROVD_PACKAGE_NAME ipmiprovd)
set(CPACK_DEBIAN_IPMIPROVD_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_IPMIPROVD_PACKAGE_DEPENDS "ipmiprov ${exact}, adduser | passwd")
set(CPACK_DEBIAN_IPMIPROVD_DESCRIPTION "host daemon that owns the BMC for ipmiprov and CIM servers
ipmiprovd keeps the BMC's sensors, SEL, chassis status and inventory in
shared snapshots and serves them on a Unix socket to ipmiprov, to
libipmiprov and to CIM servers: one BMC round however many clients ask.
New SEL entries go to the systemd journal once each.")
set(CPACK_DEBIAN_LIBIPMIPROV1_PACKAGE_NAME libipmiprov1)
set(CPACK_DEBIAN_LIBIPMIPROV1_PACKAGE_SECTION libs)
set(CPACK_DEBIAN_LIBIPMIPROV1_DESCRIPTION "ipmiprov provider ABI: BMC data as CIM instances (library)
libipmiprov.so.1 serves the BMC's sensors, SEL, chassis and inventory as
CIM instances through a C ABI, from ipmiprovd when it runs, else from the
kernel IPMI device.")
set(CPACK_DEBIAN_LIBIPMIPROV-DEV_PACKAGE_NAME libipmiprov-dev)
set(CPACK_DEBIAN_LIBIPMIPROV-DEV_PACKAGE_SECTION libdevel)
set(CPACK_DEBIAN_LIBIPMIPROV-DEV_PACKAGE_DEPENDS "libipmiprov1 ${exact}")
set(CPACK_DEBIAN_LIBIPMIPROV-DEV_DESCRIPTION "ipmiprov provider ABI: BMC data as CIM instances (development files)
The C header, the linker name and the pkg-config file (ipmiprov) of
libipmiprov.so.1.")
set(CPACK_DEBIAN_IPMIPROV-CMPI_PACKAGE_NAME ipmiprov-cmpi)
set(CPACK_DEBIAN_IPMIPROV-CMPI_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_IPMIPROV-CMPI_PACKAGE_DEPENDS "libipmiprov1 ${exact}")
set(CPACK_DEBIAN_IPMIPROV-CMPI_DESCRIPTION "CMPI provider of ipmiprov for OpenPegasus and sfcb
libipmiprov_cmpi.so serves the ipmiprov CIM classes (DMTF Sensors, Record
Log, Power State Management, Physical Asset profiles) to CMPI brokers,
with their MOF and registration files.")

# Maintainer scripts and the conffile list, under the names dpkg wants.
set(control ${PROJECT_BINARY_DIR}/package-control)
foreach(script postinst prerm postrm)
  configure_file(${PROJECT_SOURCE_DIR}/tools/package/ipmiprovd.${script} ${control}/ipmiprovd/${script} COPYONLY)
  list(APPEND CPACK_DEBIAN_IPMIPROVD_PACKAGE_CONTROL_EXTRA ${control}/ipmiprovd/${script})
endforeach()
file(WRITE ${control}/ipmiprovd/conffiles "${CMAKE_INSTALL_FULL_SYSCONFDIR}/ipmiprov/ipmiprovd.conf\n")
list(APPEND CPACK_DEBIAN_IPMIPROVD_PACKAGE_CONTROL_EXTRA ${control}/ipmiprovd/conffiles)
foreach(script postinst postrm)
  configure_file(${PROJECT_SOURCE_DIR}/tools/package/ipmiprov.postinst ${control}/ipmiprov/${script} COPYONLY)
  list(APPEND CPACK_DEBIAN_IPMIPROV_PACKAGE_CONTROL_EXTRA ${control}/ipmiprov/${script})
endforeach()

# libipmiprov1: the ldconfig trigger Debian policy (8.1.1) asks of a
# package with a shared library (CPack's generated postinst calls ldconfig
# too; the trigger makes it run when dpkg is done, for every package).
file(WRITE ${control}/libipmiprov1/triggers "activate-noawait ldconfig\n")
list(APPEND CPACK_DEBIAN_LIBIPMIPROV1_PACKAGE_CONTROL_EXTRA ${control}/libipmiprov1/triggers)

# Every package's /usr/share/doc/<package>/copyright and changelog.gz
# (gzip -9n: the same bytes at every build), installed only for packages
# (EXCLUDE_FROM_ALL: component installs only).
execute_process(COMMAND git -C ${PROJECT_SOURCE_DIR} log -1 --format=%h OUTPUT_VARIABLE IPMIPROV_GIT_COMMIT
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
execute_process(COMMAND git -C ${PROJECT_SOURCE_DIR} log -1 --format=%cD OUTPUT_VARIABLE IPMIPROV_CHANGELOG_DATE
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT IPMIPROV_CHANGELOG_DATE)
  string(TIMESTAMP IPMIPROV_CHANGELOG_DATE "%a, %d %b %Y %H:%M:%S +0000" UTC)
endif()
configure_file(${PROJECT_SOURCE_DIR}/tools/package/changelog.in ${control}/changelog @ONLY)
execute_process(COMMAND sh -c "gzip -9nc changelog > changelog.gz" WORKING_DIRECTORY ${control})
foreach(component ${CPACK_COMPONENTS_ALL})
  install(FILES ${PROJECT_SOURCE_DIR}/tools/package/copyright.in RENAME copyright
    DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${component} COMPONENT ${component} EXCLUDE_FROM_ALL)
  install(FILES ${control}/changelog.gz DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${component}
    COMPONENT ${component} EXCLUDE_FROM_ALL)
endforeach()

include(CPack)
