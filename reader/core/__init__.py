"""The Qt-free core: domain types, importers, store, search and the Library service."""
