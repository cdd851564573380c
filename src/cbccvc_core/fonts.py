"""The font embedded in every PDF we make: DejaVu Sans, which has every Vietnamese glyph
(Latin Extended Additional, U+1EA0–U+1EF9, and the combining tone marks).

It comes with matplotlib (``mpl-data/fonts/ttf``), a dependency we need anyway for the report
charts, so the font is on every machine the library installs on and no font file is vendored.
DejaVu's licence (Bitstream Vera derivative) allows embedding.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

#: Characters a Vietnamese text may hold; tests check the font has a glyph for each.
VIETNAMESE = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứựvxyỳỷỹýỵ"


@cache
def font_path(bold: bool = False) -> Path:
    """Path of DejaVu Sans (regular or bold) as shipped by matplotlib."""
    import matplotlib

    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name
    if not path.is_file():  # pragma: no cover - a broken matplotlib install
        raise FileNotFoundError(f"font not found: {path}")
    return path
