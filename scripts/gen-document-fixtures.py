#!/usr/bin/env python3
"""Writes the small test fixtures of crates/vaga-documents/tests/fixtures/.

Every person, company and address in them is invented; e-mails use example.com.

    pip install fpdf2==2.8.9 python-docx==1.2.0 pikepdf==10.17.0   # Pillow comes with fpdf2
    python3 scripts/gen-document-fixtures.py

The DejaVu Sans font (Debian `fonts-dejavu-core`) is embedded in the ligature PDF, because the
ligature glyph needs a font that has it. The zip bomb and the 10,000-level object chain are built by
the tests themselves, so that no large or hostile file is committed.
"""

import io
import json
import pathlib
import sys

import docx
import pikepdf
from docx.oxml import parse_xml
from docx.shared import Pt
from fpdf import FPDF
from PIL import Image, ImageDraw

OUT = pathlib.Path(__file__).resolve().parent.parent / "crates/vaga-documents/tests/fixtures"
DEJAVU = pathlib.Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def new_pdf():
    pdf = FPDF(format="A4")
    pdf.set_compression(True)
    pdf.set_auto_page_break(False)
    return pdf


def save(pdf, name):
    # A fixed date keeps the output byte-identical between runs.
    import datetime

    pdf.creation_date = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
    pdf.output(str(OUT / name))


def one_column():
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.text(20, 25, "Helena Quintal Barros")
    pdf.set_font("Helvetica", "", 10)
    pdf.text(20, 32, "helena.barros@example.com | São Paulo, Brasil")
    pdf.set_font("Helvetica", "B", 12)
    pdf.text(20, 45, "Experiência")
    pdf.set_font("Helvetica", "", 10)
    lines = [
        "Engenheira de Software Sênior, Acme Logística, mar. 2020 - atual",
        "- Migrou o sistema de rotas para Rust e reduziu a latência em 40%.",
        "- Coordenou a adoção de observabilidade com OpenTelemetry.",
    ]
    y = 52
    for line in lines:
        pdf.text(20, y, line)
        y += 6
    pdf.set_font("Helvetica", "B", 12)
    pdf.text(20, y + 6, "Formação Acadêmica")
    pdf.set_font("Helvetica", "", 10)
    pdf.text(20, y + 13, "Bacharelado em Ciência da Computação, Universidade Fictícia, 2015")
    # A second page, so page counting is exercised.
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    pdf.text(20, 25, "Idiomas")
    pdf.set_font("Helvetica", "", 10)
    pdf.text(20, 32, "Português (nativo), Inglês (fluente)")
    save(pdf, "one_column.pdf")


SIDEBAR = [
    ("B", "Contato"),
    ("", "rafael.lemos@example.com"),
    ("", "Porto Alegre, Brasil"),
    ("B", "Resumo"),
    ("", "Gosto de transformar processos"),
    ("", "manuais em ferramentas simples."),
    ("B", "Habilidades"),
    ("", "Rust, PostgreSQL, Kubernetes"),
]
MAIN = [
    ("B", "Experiência Profissional"),
    ("", "Desenvolvedor Backend, Pampa Pagamentos, 2021 - atual"),
    ("", "Reescrevi o serviço de conciliação bancária e eliminei"),
    ("", "as falhas noturnas que exigiam intervenção manual."),
    ("B", "Formação"),
    ("", "Engenharia de Computação, Universidade do Litoral, 2019"),
    ("", "Projeto final sobre filas distribuídas tolerantes a falhas."),
    ("", "Monitor de algoritmos por dois semestres."),
]


def two_column():
    """A sidebar (left) and a main column written row by row, alternating between the columns in the
    content stream, so a reader that follows the stream or sorts by line interleaves them."""
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.text(15, 20, "Rafael Lemos Duarte")
    pdf.set_fill_color(230, 230, 230)
    pdf.rect(10, 28, 62, 120, style="F")
    y = 38
    for (s_style, s_text), (m_style, m_text) in zip(SIDEBAR, MAIN):
        pdf.set_font("Helvetica", s_style, 9)
        pdf.text(14, y, s_text)
        pdf.set_font("Helvetica", m_style, 9)
        pdf.text(80, y, m_text)
        y += 7 if not s_style else 8
    save(pdf, "two_column.pdf")


MAIN_ROWS = [
    ("B", "RESUMO"),
    ("", "Engenheira de dados com oito anos de experiência construindo"),
    ("", "pipelines de ingestão e armazéns analíticos para varejo e"),
    ("", "logística. Prefiro sistemas simples, testados e observáveis."),
    ("", ""),
    ("B", "EXPERIÊNCIA"),
    ("B", "Engenheira de Dados Sênior, Mercado Serra Azul"),
    ("", "- Migrou quarenta jobs noturnos de cron para um orquestrador com"),
    ("", "  reprocessamento automático e alertas por equipe."),
    ("", "- Reduziu o custo do armazém analítico em um terço com"),
    ("", "  particionamento por data e compactação semanal."),
    ("B", "Analista de Dados, Transportes Vale do Sino"),
    ("", "- Criou o painel de entregas atrasadas usado por doze filiais."),
]
SIDE_ROWS = [
    ("B", "FORMAÇÃO"),
    ("", "Universidade Fictícia | 2016"),
    ("", "Bacharelado em Estatística"),
    ("", ""),
    ("", ""),
    ("B", "HABILIDADES"),
    ("", ["Python", "SQL", "Airflow"]),
    ("", ["Spark", "dbt", "Kafka"]),
    ("", ["PostgreSQL", "Terraform"]),
    ("", ""),
    ("B", "IDIOMAS"),
    ("", "Português, Inglês, Espanhol"),
    ("", ""),
]


def two_column_rows():
    """A full-width header over a wide main column and a narrow right column whose lines sit at the
    same heights (like the Resume-Matcher two-column template), each row written left then right, and
    skills as several words per line. pdf_oxide 0.3.78's extract_text keeps these columns apart but
    puts the main column's last line after the side column."""
    pdf = new_pdf()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.text(80, 18, "Joana Prates Vieira")
    pdf.set_font("Helvetica", "", 9)
    pdf.text(20, 25, "joana.vieira@example.com , +55 51 90000-0000 , Caxias do Sul, Brasil , example.com/joana")
    y = 36
    for (m_style, m_text), (s_style, s_text) in zip(MAIN_ROWS, SIDE_ROWS):
        pdf.set_font("Helvetica", m_style, 9)
        if m_text:
            pdf.text(15, y, m_text)
        # The side column's baselines sit half a millimetre higher and its type is smaller, as in
        # the Resume-Matcher template.
        pdf.set_font("Helvetica", s_style, 8.5)
        if isinstance(s_text, list):
            x = 140
            for word in s_text:
                pdf.text(x, y - 0.5, word)
                x += pdf.get_string_width(word) + 6
        elif s_text:
            pdf.text(140, y - 0.5, s_text)
        y += 5
    save(pdf, "two_column_rows.pdf")


def ligatures():
    pdf = new_pdf()
    pdf.add_font("DejaVu", "", str(DEJAVU))
    pdf.add_page()
    pdf.set_font("DejaVu", "", 11)
    pdf.text(20, 25, "Beatriz Fontoura")
    pdf.text(20, 33, "E\ufb03cient o\ufb03ce work\ufb02ows for \ufb01nancial teams.")
    pdf.text(20, 41, "\ufb02uent in Portuguese, Spanish and English; certi\ufb01ed accountant.")
    pdf.text(20, 49, "• Reconciled 1.200 accounts a month with zero backlog.")
    save(pdf, "ligatures.pdf")


def encrypted():
    src = OUT / "one_column.pdf"
    with pikepdf.open(src) as pdf:
        pdf.save(
            OUT / "encrypted.pdf",
            encryption=pikepdf.Encryption(user="s3cret", owner="owner-s3cret", R=6),
            static_id=True,
        )
        # An owner password only (empty user password): "protected" but readable by anyone.
        pdf.save(
            OUT / "owner_password_only.pdf",
            encryption=pikepdf.Encryption(user="", owner="owner-s3cret", R=4),
            static_id=True,
        )


def image_only():
    img = Image.new("L", (300, 120), 255)
    draw = ImageDraw.Draw(img)
    for i in range(8):
        draw.rectangle([10, 10 + i * 13, 40 + (i * 37) % 250, 18 + i * 13], fill=40)
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    pdf = new_pdf()
    pdf.add_page()
    pdf.image(buf, x=20, y=20, w=150)
    save(pdf, "image_only.pdf")


def blank():
    pdf = new_pdf()
    pdf.add_page()
    save(pdf, "blank.pdf")


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)

TEXT_BOX_RUN = f"""<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>
<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="1" behindDoc="0"
 locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>
<wp:positionH relativeFrom="page"><wp:posOffset>5000000</wp:posOffset></wp:positionH>
<wp:positionV relativeFrom="page"><wp:posOffset>900000</wp:posOffset></wp:positionV>
<wp:extent cx="1800000" cy="900000"/><wp:wrapSquare wrapText="bothSides"/><wp:docPr id="1" name="Sidebar"/>
<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">
<wps:wsp><wps:spPr/><wps:txbx><w:txbxContent>
<w:p><w:r><w:t>Certificações</w:t></w:r></w:p>
<w:p><w:r><w:t>AWS Solutions Architect, 2023</w:t></w:r></w:p>
</w:txbxContent></wps:txbx><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor>
</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape style="width:140pt;height:70pt"><v:textbox>
<w:txbxContent><w:p><w:r><w:t>Certificações</w:t></w:r></w:p>
<w:p><w:r><w:t>AWS Solutions Architect, 2023</w:t></w:r></w:p></w:txbxContent>
</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"""


def resume_docx():
    d = docx.Document()
    d.core_properties.author = "Vaga fixtures"
    import datetime

    d.core_properties.created = datetime.datetime(2026, 1, 1)
    d.core_properties.modified = datetime.datetime(2026, 1, 1)
    header = d.sections[0].header
    header.paragraphs[0].text = "marina.toledo@example.com | +55 11 90000-0000 | Campinas"
    title = d.add_paragraph()
    run = title.add_run("Marina Toledo Arantes")
    run.bold = True
    run.font.size = Pt(18)
    # The text box is anchored in this paragraph.
    title._p.append(parse_xml(TEXT_BOX_RUN))
    d.add_heading("Experiência", level=1)
    p = d.add_paragraph()
    p.add_run("Analista de Dados")
    p.add_run().add_tab()
    p.add_run("jan. 2019 - atual")
    p.add_run().add_break()
    p.add_run("Cooperativa Horizonte, Campinas")
    for item in [
        "Automatizou relatórios financeiros em Python e SQL.",
        "Treinou 12 colegas em visualização de dados.",
    ]:
        d.add_paragraph(item, style="List Bullet")
    # A tracked deletion and a field code must not show.
    p = d.add_paragraph()
    p._p.append(parse_xml(f'<w:r {W}><w:t xml:space="preserve">Disponível para </w:t></w:r>'))
    p._p.append(parse_xml(f'<w:del {W} w:id="9" w:author="x" w:date="2026-01-01T00:00:00Z"><w:r><w:delText>DELETED-WORDS </w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:r {W}><w:fldChar w:fldCharType="begin"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {W}><w:instrText xml:space="preserve"> FIELD-CODE </w:instrText></w:r>'))
    p._p.append(parse_xml(f'<w:r {W}><w:fldChar w:fldCharType="separate"/></w:r>'))
    p._p.append(parse_xml(f'<w:r {W}><w:t>trabalho remoto</w:t></w:r>'))
    p._p.append(parse_xml(f'<w:r {W}><w:fldChar w:fldCharType="end"/></w:r>'))
    d.add_heading("Habilidades", level=1)
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Python"
    table.cell(0, 1).text = "Avançado"
    table.cell(1, 0).text = "Power BI"
    table.cell(1, 1).text = "Intermediário"
    # A symbol-font bullet, as Word stores it.
    p = d.add_paragraph()
    p._p.append(parse_xml(f'<w:r {W}><w:sym w:font="Symbol" w:char="F0B7"/><w:t xml:space="preserve"> Inglês fluente</w:t></w:r>'))
    d.save(OUT / "resume.docx")
    normalize_zip(OUT / "resume.docx")


def normalize_zip(path):
    """Rewrites a zip with fixed timestamps so regenerating gives the same bytes."""
    import zipfile

    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        entries = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, content in entries:
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, content)


def text_files():
    text = (
        "Otávio Guimarães Pires\n"
        "otavio.pires@example.com\n"
        "\n"
        "Experiência\n"
        "Técnico de manutenção, Usina Solar Ipê, 2018 – 2024\n"
    )
    (OUT / "utf16le.txt").write_bytes(b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"))
    (OUT / "windows1252.txt").write_bytes(text.encode("cp1252"))
    (OUT / "resume.md").write_text(
        "# Lívia Antunes\n\nlivia.antunes@example.com\n\n## Experiência\n\n- Suporte técnico, 2022 - atual\n",
        encoding="utf-8",
    )
    resume = {
        "basics": {"name": "Caio Menezes", "email": "caio.menezes@example.com", "label": "Designer"},
        "work": [{"name": "Estúdio Aurora", "position": "Designer de Produto", "startDate": "2021-03"}],
    }
    (OUT / "resume.json").write_text(json.dumps(resume, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    one_column()
    two_column()
    two_column_rows()
    ligatures()
    encrypted()
    image_only()
    blank()
    resume_docx()
    text_files()
    for p in sorted(OUT.iterdir()):
        print(f"{p.stat().st_size:>8}  {p.name}", file=sys.stderr)


if __name__ == "__main__":
    main()
