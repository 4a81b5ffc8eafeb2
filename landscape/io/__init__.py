"""Data in and out: downloads, open data, places, snapshots, and safe file writes."""
