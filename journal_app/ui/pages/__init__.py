"""The sidebar's pages. Each is a Page subclass built with an AppContext."""
