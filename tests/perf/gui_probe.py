"""Window measurements for bench.py, run in its own process (QT_QPA_PLATFORM=offscreen).

Prints one JSON line. Uses ``reader.ui.main_window.MainWindow(library)``: its ``listLoaded``
signal (a query's first page is in the model), ``set_filter``, the ``paperList`` view, the
``searchBox`` line edit; whatever is missing is reported as not measured, never guessed.
Every figure is wall time from the action to the repainted list, event loop included.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))


def main() -> int:
    lib_dir = Path(sys.argv[1])
    out: dict = {"measured": False, "notes": []}
    t0 = time.perf_counter()
    try:
        # numpy before PySide6, as the app's entry point does (reader.cli._gui): imported after
        # PySide6 it makes the first search pay ~0.2 s for PySide6's import hook.
        import numpy  # noqa: F401
        from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit

        from reader.ui.main_window import MainWindow  # type: ignore[import-not-found]
    except Exception as exc:  # noqa: BLE001
        out["reason"] = f"reader.ui.main_window.MainWindow is not available ({exc})"
        print(json.dumps(out))
        return 0
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest

    from reader.core.library import Library
    from reader.core.model import Filter, FilterKind, State

    app = QApplication.instance() or QApplication([])
    settings = QSettings(str(lib_dir / "perf-probe.ini"), QSettings.Format.IniFormat)
    lib = Library.open(lib_dir)
    win = MainWindow(lib, settings)
    loads = [0]
    win.listLoaded.connect(lambda: loads.__setitem__(0, loads[0] + 1))
    win.show()
    view = win.findChild(QAbstractItemView, "paperList")
    if view is None:
        out["reason"] = "no paperList view in the window"
        print(json.dumps(out))
        return 0

    def wait_loaded(before: int, limit: float = 30.0) -> bool:
        end = time.perf_counter() + limit
        while loads[0] == before and time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.001)
        app.processEvents()
        view.viewport().repaint()
        return loads[0] != before

    if not wait_loaded(0, 60):
        out["reason"] = "the list never loaded (no listLoaded signal within 60 s)"
        print(json.dumps(out))
        return 0
    out["cold_start_to_first_list_ms"] = (time.perf_counter() - t0) * 1000
    out["measured"] = True
    model = view.model()
    out["rows"] = model.rowCount()

    # Filter switches (each waits for the new first page to be painted).
    filters = [Filter.state(State.INBOX), Filter(FilterKind.HAS_CODE), Filter(FilterKind.STARRED),
               Filter.state(State.QUEUED), Filter(FilterKind.ALL)]
    times = []
    for flt in filters:
        before = loads[0]
        s = time.perf_counter()
        win.set_filter(flt)
        if wait_loaded(before):
            times.append((time.perf_counter() - s) * 1000)
    if times:
        out["filter_switch_median_ms"] = statistics.median(times)
        out["filter_switch_max_ms"] = max(times)

    # Sorting by each sortable column, both directions.
    header = view.horizontalHeader() if hasattr(view, "horizontalHeader") else None
    if header is not None:
        for col in range(model.columnCount()):
            name = str(model.headerData(col, Qt.Orientation.Horizontal) or col)
            for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
                before = loads[0]
                s = time.perf_counter()
                view.sortByColumn(col, order)
                ok = wait_loaded(before, 10)
                key = f"sort_{name}_{'asc' if order == Qt.SortOrder.AscendingOrder else 'desc'}_ms"
                out[key] = (time.perf_counter() - s) * 1000 if ok else None

    # Scrolling the whole list, top to bottom, in at most ~600 evenly spaced steps of at
    # least a page each (rows are fetched lazily, a page at a time).
    bar = view.verticalScrollBar()
    bar.setValue(0)
    app.processEvents()
    s = time.perf_counter()
    step_times = []
    while len(step_times) < 5000:
        stride = max(1, bar.pageStep(), bar.maximum() // 600)
        t = time.perf_counter()
        bar.setValue(min(bar.maximum(), bar.value() + stride))
        app.processEvents()
        view.viewport().repaint()
        step_times.append((time.perf_counter() - t) * 1000)
        if bar.value() >= bar.maximum():
            app.processEvents()  # fetch-more may have grown the list
            if bar.value() >= bar.maximum():
                break
    out["scroll_whole_list_ms"] = (time.perf_counter() - s) * 1000
    out["scroll_steps"] = len(step_times)
    out["scroll_step_median_ms"] = statistics.median(step_times)
    out["scroll_step_p95_ms"] = sorted(step_times)[int(0.95 * (len(step_times) - 1))]
    out["scroll_step_worst_ms"] = max(step_times)
    out["rows_after_scroll"] = model.rowCount()
    bar.setValue(0)

    # Keystroke to updated list: type a query one key at a time, as a user does.
    box = win.findChild(QLineEdit, "searchBox")
    if box is not None:
        for word in ("toxicity", "reasoning"):
            box.clear()
            wait_loaded(loads[0], 2)
            before = loads[0]
            s = time.perf_counter()
            QTest.keyClicks(box, word)
            typed = time.perf_counter()
            ok = wait_loaded(before, 30)
            out[f"type_{word}_to_list_ms"] = (time.perf_counter() - s) * 1000 if ok else None
            out[f"last_key_to_list_{word}_ms"] = (time.perf_counter() - typed) * 1000 if ok else None
        out["notes"].append("typing includes the window's search debounce")
    else:
        out["notes"].append("no searchBox: keystroke not measured")
    # VmHWM, not ru_maxrss: on Linux ru_maxrss survives exec, so a probe started by a big
    # benchmark process would report the benchmark's peak.
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                out["peak_rss_mb"] = int(line.split()[1]) / 1024
    except OSError:
        out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(out))
    win.close()
    app.processEvents()
    lib.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
