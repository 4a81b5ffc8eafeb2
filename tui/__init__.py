"""The Textual dashboard of landscape: presentation only, over the landscape library."""
