"""PaneLayout: side panes keep their widths, collapse when the list would be unreadable (filters
first, then detail), come back when there is room, and the toggles bring them back honestly."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from reader.ui.actions import Action
from reader.ui.widgets.pane_layout import DETAIL, FILTERS, LIST, LIST_MIN, PaneLayout


class Host(QWidget):
    """A window holding a PaneLayout of three plain panes, with the two toggle actions."""

    def __init__(self) -> None:
        super().__init__()
        self.panes_widgets = [QWidget(), QWidget(), QWidget()]
        self.detail_text = QLabel("short", self.panes_widgets[DETAIL])
        QVBoxLayout(self.panes_widgets[DETAIL]).addWidget(self.detail_text)
        self.panes = PaneLayout(*self.panes_widgets, self)
        QVBoxLayout(self).addWidget(self.panes.splitter)
        self.layout().setContentsMargins(0, 0, 0, 0)
        handlers = self.panes.handlers()
        self.actions_by_id = {a: QAction(a.value, self) for a in handlers}
        for a, qa in self.actions_by_id.items():
            qa.triggered.connect(handlers[a])
        self.panes.bind_actions(self.actions_by_id)

    def checked(self, action: Action) -> bool:
        return self.actions_by_id[action].isChecked()


def shown_host(qtbot, width: int) -> Host:  # noqa: ANN001
    host = Host()
    qtbot.addWidget(host)
    host.resize(width, 600)
    host.show()
    qtbot.waitExposed(host)
    resize(qtbot, host, width)
    return host


def settled(host: Host, width: int) -> bool:
    """The splitter is ``width`` wide and its panes and handles fill it exactly."""
    s = host.panes.splitter
    handles = sum(s.handleWidth() for i in range(s.count()) if s.handle(i).isVisible())
    return s.width() == width and sum(s.sizes()) + handles == width


def resize(qtbot, host: Host, width: int) -> None:  # noqa: ANN001
    host.resize(width, 600)
    qtbot.waitUntil(lambda: host.panes.splitter.width() == width, timeout=3000)
    QApplication.sendPostedEvents()  # the splitter's own layout requests (handles shown / hidden)
    assert settled(host, width)


def test_side_panes_collapse_filters_first_and_come_back_with_their_widths(qtbot) -> None:  # noqa: ANN001
    host = shown_host(qtbot, 1600)
    p = host.panes
    assert p.is_shown(FILTERS) and p.is_shown(DETAIL)
    assert p.splitter.sizes()[FILTERS] == 210 and p.splitter.sizes()[DETAIL] == 480
    resize(qtbot, host, 1100)  # 210 + 480 + the list's 450 do not fit: the filters go first
    assert not p.is_shown(FILTERS) and p.is_shown(DETAIL)
    assert p.splitter.sizes()[LIST] >= LIST_MIN
    assert not host.checked(Action.TOGGLE_FILTERS) and host.checked(Action.TOGGLE_DETAIL)
    resize(qtbot, host, 850)  # then the detail
    assert not p.is_shown(FILTERS) and not p.is_shown(DETAIL)
    assert p.splitter.sizes()[LIST] == 850
    assert not host.checked(Action.TOGGLE_DETAIL)
    resize(qtbot, host, 1600)
    assert p.is_shown(FILTERS) and p.is_shown(DETAIL)
    assert p.splitter.sizes()[FILTERS] == 210 and p.splitter.sizes()[DETAIL] == 480
    assert host.checked(Action.TOGGLE_FILTERS) and host.checked(Action.TOGGLE_DETAIL)


def test_a_window_resize_goes_to_the_list_only(qtbot) -> None:  # noqa: ANN001
    host = shown_host(qtbot, 1600)
    p = host.panes
    p.splitter.setSizes([260, 800, 530])
    before = p.splitter.sizes()
    resize(qtbot, host, 1400)
    after = p.splitter.sizes()
    assert after[FILTERS] == before[FILTERS] and after[DETAIL] == before[DETAIL]
    assert after[LIST] < before[LIST]


def test_toggles_bring_a_collapsed_pane_back_and_their_check_tells_the_truth(qtbot) -> None:  # noqa: ANN001
    host = shown_host(qtbot, 1100)
    p = host.panes
    assert not p.is_shown(FILTERS) and not host.checked(Action.TOGGLE_FILTERS)
    host.actions_by_id[Action.TOGGLE_FILTERS].trigger()  # Ctrl+1 on a collapsed pane
    assert p.is_shown(FILTERS) and host.checked(Action.TOGGLE_FILTERS)
    assert p.splitter.sizes()[FILTERS] == 210
    # the list keeps its readable width: now the detail collapses instead
    assert not p.is_shown(DETAIL) and not host.checked(Action.TOGGLE_DETAIL)
    assert p.splitter.sizes()[LIST] >= LIST_MIN
    host.actions_by_id[Action.TOGGLE_DETAIL].trigger()  # asked for: both show
    assert p.is_shown(FILTERS) and p.is_shown(DETAIL) and host.checked(Action.TOGGLE_DETAIL)
    host.actions_by_id[Action.TOGGLE_FILTERS].trigger()  # hidden by the user …
    assert not p.is_shown(FILTERS) and not host.checked(Action.TOGGLE_FILTERS)
    resize(qtbot, host, 1600)  # … stays hidden when the window is wide again
    assert not p.is_shown(FILTERS) and p.is_shown(DETAIL)
    assert not host.checked(Action.TOGGLE_FILTERS) and host.checked(Action.TOGGLE_DETAIL)
    host.actions_by_id[Action.TOGGLE_FILTERS].trigger()
    assert p.is_shown(FILTERS) and p.splitter.sizes()[FILTERS] == 210


def test_content_never_moves_a_handle(qtbot) -> None:  # noqa: ANN001
    host = shown_host(qtbot, 1400)
    sizes = host.panes.splitter.sizes()
    host.detail_text.setText("https://github.com/" + "a-very-long-organisation-name/" * 12 + "repo")
    QApplication.sendPostedEvents()  # the label's layout request runs (and may change nothing)
    assert host.detail_text.minimumSizeHint().width() > sizes[DETAIL]  # the content asks for more …
    assert host.panes.splitter.sizes() == sizes  # … and gets nothing
    assert host.width() == 1400


def test_widths_and_hidden_panes_survive_a_restart(qtbot) -> None:  # noqa: ANN001
    host = shown_host(qtbot, 1600)
    host.panes.splitter.setSizes([260, 800, 530])
    host.actions_by_id[Action.TOGGLE_DETAIL].trigger()
    state = host.panes.save_state()
    again = shown_host(qtbot, 1600)
    assert again.panes.restore_state(state)
    assert again.panes.splitter.sizes()[FILTERS] == 260
    assert not again.panes.is_shown(DETAIL) and not again.checked(Action.TOGGLE_DETAIL)
    assert again.panes.width_of(DETAIL) == 530  # the width it comes back with
    again.actions_by_id[Action.TOGGLE_DETAIL].trigger()
    assert again.panes.splitter.sizes()[DETAIL] == 530


def test_a_state_it_did_not_write_changes_nothing(qtbot) -> None:  # noqa: ANN001
    host = shown_host(qtbot, 1600)
    sizes = host.panes.splitter.sizes()
    for junk in (b"", b"not a state", b"panes1:{", b'panes1:{"widths": [1], "hidden": [true]}',
                 b'panes1:{"widths": "ab", "hidden": [1, 2]}', host.panes.splitter.saveState().data()):
        assert not host.panes.restore_state(QByteArray(junk)), junk
    assert host.panes.splitter.sizes() == sizes
    assert host.panes.is_shown(FILTERS) and host.panes.is_shown(DETAIL)


def test_a_larger_font_measures_the_panes_again(qtbot) -> None:  # noqa: ANN001
    host = shown_host(qtbot, 1600)
    detail = host.panes_widgets[DETAIL]
    host.detail_text.setText("a structural row that needs room " * 3)  # wider than 300 at a big font
    font = detail.font()
    before = detail.minimumWidth()
    font.setPointSizeF(font.pointSizeF() * 3)
    detail.setFont(font)
    qtbot.waitUntil(lambda: detail.minimumWidth() > before, timeout=3000)
    assert detail.minimumWidth() == detail.layout().minimumSize().width()
