"""The veille: feeds of the field read into an inbox, each item linked to the records it names.

`feeds` fetches and parses feeds, `linking` finds actors, people, offers, plans and départements in
text, `inbox` keeps feeds, items, links and follows in the veille's own tables, `accept` turns an
item into a sourced event through the map's single write path.
"""
