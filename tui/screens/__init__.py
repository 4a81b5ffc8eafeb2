"""The dashboard's screens: home, lists, record detail, timeline, plans map, search and help."""
