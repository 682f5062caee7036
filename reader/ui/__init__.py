"""The PySide6 window (ARCHITECTURE.md "Layers", "Threads and processes").

Only this package imports Qt; it talks to the library through :class:`reader.core.library.Library`
only (never ``store`` or ``search``).

Modules:

* ``app`` — ``run_app`` (the CLI's ``digest-reader``, ``gui``, ``--demo``, ``--screenshot``);
* ``main_window`` — ``MainWindow(library, settings=None)``: the composition root (panes, menus,
  toolbar, status bar) wiring the ``controllers`` (list and search, triage and undo, import and
  indexing, saved searches) and the ``widgets`` (paper list + selection keeper, search bar,
  status area); ``settings`` — ``WindowSettings``, the typed window settings;
* ``paper_model`` — ``PaperTableModel``, the lazily paged list model (columns, roles, sort);
* ``filters`` — the filters pane; ``detail`` — the detail pane, ``open_url``, safe rich text;
* ``actions`` — every command and its default keys as data; ``commands`` — undo commands;
* ``workers`` — the write queue and the read pool; ``single_instance`` — one window per library;
* ``dialogs`` — import banner/report, shortcut sheet, empty state; ``icons``.

Decisions (and why):

* **One writer.** Every write — import, indexing, triage, notes, saved searches — is a job on
  a one-thread ``QThreadPool`` (``Workers.write``), because the Library is not safe for
  concurrent writes and a Whoosh commit can take 100+ ms (too slow for the GUI thread). Jobs
  run in submission order, so an undo always runs after the change it undoes.
* **Reads off the GUI thread.** A new query's first page and the filter counts are read on a
  second pool; each result carries a generation number and stale ones are dropped. Later pages
  of the same query are fetched synchronously when a view first needs them (one indexed SQLite
  query or one Whoosh search, a few ms), which keeps the model simple and exact.
* **Undo records what was there.** Undo commands read the previous values inside their write
  job, just before writing, and restore exactly those (``restore_states`` for state + queue
  position, per-paper tag lists, the full queue order).
* **Notes are never lost.** The editor saves 0.5 s after the last keystroke, on focus-out, when
  another paper is shown, and on close/quit (the window then waits for the write queue).
* **Digest text is data.** Plain-text labels, ``html.escape`` before any rich text, a text
  browser that loads no resource and follows no link, Markdown previews without HTML, and one
  ``open_url`` that only lets http/https reach ``QDesktopServices``.
* **Keys.** Plain-letter shortcuts are window shortcuts; Qt's text fields take printable keys
  for themselves (``ShortcutOverride``), so typing in the search box, tags or notes never
  triages. Paper actions are disabled while no paper is current.
* **Settings** live in an INI file (``QSettings`` IniFormat, user scope, ``digest-reader``);
  tests pass their own ``QSettings``; ``--screenshot`` uses a throwaway one.
"""

# Before any window code runs: protect CPython 3.11 from a PySide6 6.12 refcount bug.
from reader.ui import qtcompat as _qtcompat  # noqa: F401
