"""A small competency dictionary for tests that need `content/_kamus/` (format in content/README.md):
three competencies and two job profiles, the last one catching every position."""

from pathlib import Path

SMALL_DICTIONARY = {
    "kompetensi.md": """Kamus kompetensi kecil untuk pengujian.

## integritas
group: manajerial
name: Integritas
description: Konsisten berperilaku selaras dengan nilai, norma, dan etika organisasi.
level 1: Bertindak sesuai nilai, norma, dan etika organisasi dalam kapasitas pribadi.
level 2: Mengingatkan rekan kerja untuk bertindak sesuai nilai, norma, dan etika organisasi.
level 3: Memastikan unit kerjanya bertindak sesuai nilai, norma, dan etika organisasi.
level 4: Menciptakan situasi kerja yang membuat rekan kerja berperilaku beretika.
level 5: Menjadi teladan dalam mempertahankan nilai, norma, dan etika organisasi.

## komunikasi
group: manajerial
name: Komunikasi
description: Menyampaikan dan menerima informasi secara jelas, lengkap, dan meyakinkan.
level 1: Menyampaikan informasi dengan jelas, lengkap, dan mudah dipahami.
level 2: Aktif menjalankan komunikasi secara formal dan informal.
level 3: Berkomunikasi secara asertif, terampil berkomunikasi lisan dan tertulis.
level 4: Mengemukakan pemikiran multidimensi secara lisan dan tertulis untuk mendorong kesepakatan.
level 5: Menggagas sistem komunikasi yang terbuka secara strategis.

## literasi-digital
group: teknis
name: Literasi Digital
description: Menggunakan teknologi digital secara aman dan efektif dalam pekerjaan.
level 1: Menggunakan aplikasi kerja dasar dengan bimbingan.
level 2: Menggunakan aplikasi kerja secara mandiri dan aman.
level 3: Membantu rekan kerja memanfaatkan aplikasi kerja.
level 4: Merancang cara kerja digital untuk unitnya.
level 5: Mengarahkan transformasi digital instansi.
""",
    "jabatan.md": """Profil jabatan kecil untuk pengujian.

## pengawas
name: Pengawas
match: kepala seksi, kepala subbagian
integritas: 3
komunikasi: 3
literasi-digital: 2

## pelaksana
name: Pelaksana
match: *
integritas: 2
komunikasi: 2
literasi-digital: 2
""",
}


def write_dictionary(content_root: Path) -> None:
    """Write SMALL_DICTIONARY into `content_root/_kamus/`."""
    folder = content_root / "_kamus"
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in SMALL_DICTIONARY.items():
        (folder / name).write_text(text, encoding="utf-8")
