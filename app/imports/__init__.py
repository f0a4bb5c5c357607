"""Bringing an existing CV in: PDF, Word, LinkedIn's data export, pasted text and JSON Resume.

- `document.py`  the lines a reader hands over (`Line`, `ReadDocument`) and an import's result (`ImportResult`)
- `pdf.py`       PDF pages to lines with their look (pypdfium2: fonts, sizes, weight, positions, columns); OCR
- `docx.py`      Word documents to lines: body, tables, text boxes, headers and footers, styles and lists
- `text.py`      pasted text to lines
- `structure.py` lines to a CV: headings in the five CV languages or by their look, entries, dates, contacts
- `linkedin.py`  LinkedIn's data export (a ZIP of CSV files) to a CV
- `model.py`     with a language model: a structured CV from the text, every value checked against the source
- `verify.py`    the check: a value is kept only when the source text holds it (dates, links, phones, words)
- `service.py`   one file in, one `ImportResult` out: the type sniffed, the readers run in a limited child
"""
