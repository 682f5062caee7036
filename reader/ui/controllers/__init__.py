"""What the main window does, one controller per responsibility (ARCHITECTURE.md "Layers"):

* ``list_controller`` — the query (filter, sort, search), its generations, counts, scope label;
* ``triage_controller`` — the one write path, undo/redo, star/state/tags/queue/notes, links;
* ``import_controller`` — import, preview, indexing, progress/cancel, drag-and-drop, export;
* ``saved_search_controller`` — save, rename and delete a saved search.

Each is a ``base.WindowController`` of the window it serves (which builds the widgets) and
exposes ``handlers()``: the :class:`~reader.ui.actions.Action`\\ s it answers. The window
merges them; a test checks that the merged table covers ``ACTIONS`` exactly.
"""
