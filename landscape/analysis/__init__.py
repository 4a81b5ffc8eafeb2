"""What the map says: profiles, briefs, comparisons, competition, influence, positioning, départements, search, diffs."""
