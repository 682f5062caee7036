"""Widgets cut out of the main window: the paper list and its selection keeper, the search
bar, the status-bar area. They know nothing of the library; controllers drive them."""
