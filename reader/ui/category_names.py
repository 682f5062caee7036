"""The common names of the frequent arXiv categories (arXiv's own category taxonomy), shown
next to a category code in tooltips: ``cs.CL`` is "Computation and Language".

A plain table, not a library: a code it does not know is shown as the code alone."""

from __future__ import annotations

from collections.abc import Iterable

CATEGORY_NAMES: dict[str, str] = {
    # computer science
    "cs.AI": "Artificial Intelligence",
    "cs.AR": "Hardware Architecture",
    "cs.CC": "Computational Complexity",
    "cs.CE": "Computational Engineering, Finance, and Science",
    "cs.CG": "Computational Geometry",
    "cs.CL": "Computation and Language",
    "cs.CR": "Cryptography and Security",
    "cs.CV": "Computer Vision and Pattern Recognition",
    "cs.CY": "Computers and Society",
    "cs.DB": "Databases",
    "cs.DC": "Distributed, Parallel, and Cluster Computing",
    "cs.DL": "Digital Libraries",
    "cs.DM": "Discrete Mathematics",
    "cs.DS": "Data Structures and Algorithms",
    "cs.ET": "Emerging Technologies",
    "cs.FL": "Formal Languages and Automata Theory",
    "cs.GR": "Graphics",
    "cs.GT": "Computer Science and Game Theory",
    "cs.HC": "Human-Computer Interaction",
    "cs.IR": "Information Retrieval",
    "cs.IT": "Information Theory",
    "cs.LG": "Machine Learning",
    "cs.LO": "Logic in Computer Science",
    "cs.MA": "Multiagent Systems",
    "cs.MM": "Multimedia",
    "cs.NA": "Numerical Analysis",
    "cs.NE": "Neural and Evolutionary Computing",
    "cs.NI": "Networking and Internet Architecture",
    "cs.OS": "Operating Systems",
    "cs.PF": "Performance",
    "cs.PL": "Programming Languages",
    "cs.RO": "Robotics",
    "cs.SC": "Symbolic Computation",
    "cs.SD": "Sound",
    "cs.SE": "Software Engineering",
    "cs.SI": "Social and Information Networks",
    "cs.SY": "Systems and Control",
    # statistics, electrical engineering, mathematics
    "stat.AP": "Statistics: Applications",
    "stat.CO": "Statistics: Computation",
    "stat.ME": "Statistics: Methodology",
    "stat.ML": "Machine Learning (Statistics)",
    "stat.TH": "Statistics Theory",
    "eess.AS": "Audio and Speech Processing",
    "eess.IV": "Image and Video Processing",
    "eess.SP": "Signal Processing",
    "eess.SY": "Systems and Control (Electrical Engineering)",
    "math.NA": "Numerical Analysis (Mathematics)",
    "math.OC": "Optimization and Control",
    "math.PR": "Probability",
    "math.ST": "Statistics Theory (Mathematics)",
    # physics, biology, finance, economics
    "astro-ph": "Astrophysics",
    "astro-ph.CO": "Cosmology and Nongalactic Astrophysics",
    "astro-ph.GA": "Astrophysics of Galaxies",
    "astro-ph.IM": "Instrumentation and Methods for Astrophysics",
    "cond-mat.dis-nn": "Disordered Systems and Neural Networks",
    "cond-mat.stat-mech": "Statistical Mechanics",
    "gr-qc": "General Relativity and Quantum Cosmology",
    "hep-ph": "High Energy Physics - Phenomenology",
    "hep-th": "High Energy Physics - Theory",
    "physics.comp-ph": "Computational Physics",
    "physics.soc-ph": "Physics and Society",
    "quant-ph": "Quantum Physics",
    "q-bio.NC": "Neurons and Cognition",
    "q-bio.QM": "Quantitative Methods",
    "q-fin.CP": "Computational Finance",
    "econ.EM": "Econometrics",
}


def category_name(code: str) -> str | None:
    """The common name of an arXiv category code (None: not in the table)."""
    return CATEGORY_NAMES.get(code)


def category_title(code: str) -> str:
    """``cs.CL — Computation and Language``; the code alone when its name is not known."""
    name = CATEGORY_NAMES.get(code)
    return f"{code} — {name}" if name else code


def categories_tip(codes: Iterable[str], primary_first: bool = True) -> str:
    """One line per category with its name, the first marked as the primary."""
    lines = [category_title(code) for code in codes]
    if primary_first and lines:
        lines[0] += " (primary)"
    return "\n".join(lines)
