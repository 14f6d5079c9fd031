#!/usr/bin/env python3
"""Writes the extra upload cases next to this script (see README.md). Rerun to regenerate; the output is deterministic."""
import io, os, zipfile

here = os.path.dirname(os.path.abspath(__file__))

def write(name, data):
    with open(os.path.join(here, name), 'wb') as f:
        f.write(data)

# Excel "Unicode Text (*.txt)" renamed to .csv: UTF-16 LE with BOM, tab-delimited, CRLF.
write('utf16le_bom_tab_excel_unicode_text.csv', '\ufeff'.encode('utf-16-le') + (
    'prompt\tseed\taspect_ratio\r\n'
    'A lighthouse at dusk, waves crashing\t7\t16:9\r\n'
    '夕暮れの灯台、波しぶき\t8\t9:16\r\n'
    '"Quoted, with a ""quote"" and a tab\tinside"\t9\t16:9\r\n').encode('utf-16-le'))

# UTF-16 BE with BOM, comma-delimited, LF.
write('utf16be_bom.csv', '\ufeff'.encode('utf-16-be') + (
    'prompt,seed\n'
    'Snow falling on a quiet village,1\n'
    '静かな村に雪が降る,2\n').encode('utf-16-be'))

# Tab-delimited UTF-8 with commas and semicolons inside prompts (no quotes needed in TSV).
write('tab_delimited_commas_inside.csv', (
    'prompt\tnegative_prompt\tguidance_scale\n'
    'A fox, a hare; and a crow in a forest\tblurry, low quality\t6,5\n'
    'City lights; rain, neon reflections\t\t4\n').encode('utf-8'))

# Classic Mac OS line endings (bare CR), including a quoted cell with a bare CR inside it.
write('bare_cr_line_endings.csv', (
    'prompt,seed\r'
    'A sailboat on a calm lake,1\r'
    '"Two lines:\rsecond line here",2\r'
    '\r'
    'A windmill at sunrise,3\r').encode('utf-8'))

# French-locale Excel "CSV (séparateur: point-virgule)": Windows-1252, semicolons, decimal commas, € and accents.
write('windows1252_french_excel.csv', (
    'prompt;seed;guidance_scale\r\n'
    'Café crème et croissant sur une terrasse, lumière du matin;11;7,5\r\n'
    'Une façade naïve à Noël, prix 5 € – “joyeux”;12;5\r\n'
    'Straße in München im Herbst, Blätter fallen;13;4,25\r\n').encode('cp1252'))

# A real .xlsx workbook (minimal Open XML package) renamed to .csv.
buf = io.BytesIO()
with zipfile.ZipFile(buf, 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>')
    z.writestr('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
    z.writestr('xl/workbook.xml', '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"/></sheets></workbook>')
    z.writestr('xl/worksheets/sheet1.xml', '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>prompt</t></is></c></row></sheetData></worksheet>')
write('xlsx_workbook_renamed.csv', buf.getvalue())

# A PDF and a JPEG renamed to .csv (only their signatures matter).
write('pdf_renamed.csv', b'%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n')
write('jpeg_renamed.csv', bytes([0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10]) + b'JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00' + bytes(64) + bytes([0xFF, 0xD9]))

# A plain list: no header, one prompt per line, some with unquoted commas, one quoted, a blank line, no final newline.
write('headerless_prompt_list.csv', (
    'A cat sleeping on a windowsill\n'
    'In a still frame, a stop sign\n'
    '\n'
    '"A quoted prompt, with ""quotes"""\n'
    'the 12" record spins').encode('utf-8'))

# Headers that name a column twice: the same name in two cases, and a name plus its alias.
write('duplicate_headers.csv', b'prompt,seed,Prompt\r\nA cat,1,A dog\r\n')
write('duplicate_alias_headers.csv', b'text,seed,prompt\r\nA cat,1,A dog\r\n')

# A header and nothing else; a file of only blank lines.
write('header_only.csv', b'prompt,seed,aspect_ratio\r\n')
write('whitespace_only.csv', b'\r\n   \r\n\t\r\n')

# Excel's "sep=" first line.
write('excel_sep_hint.csv', b'sep=;\r\nprompt;seed\r\nA cat, sleeping;5\r\n')

# A quote opened on line 3 and never closed.
write('unterminated_quote.csv', b'prompt,seed\nA cat,1\n"A dog running,2\nA bird,3\n')

# Unquoted commas in a prompt in a comma-delimited file: more cells than the header.
write('unquoted_comma_too_many_cells.csv', b'prompt,seed\nA cat, sleeping on a sofa,42\nA dog,43\n')

# Japanese headers (aliases) from Japanese Excel, CP932, with full-width digits in a seed.
write('japanese_headers_cp932.csv', (
    'プロンプト,ネガティブプロンプト,シード,アスペクト比\r\n'
    '桜の下で猫が眠る,ぼやけた,４２,16:9\r\n'
    '雪の金閣寺,,43,９：１６\r\n').encode('cp932'))

# UTF-8 with one stray byte (a 1252 "é" pasted into a UTF-8 file) on line 3.
write('broken_utf8_one_bad_byte.csv', ('prompt\n夜の東京タワー、雨\n').encode('utf-8') + b'Caf\xe9 at night\n' + ('富士山の朝焼け、湖に映る逆さ富士\n' * 3).encode('utf-8'))

# Unknown and unnamed columns (Excel's used range left a nameless column with data).
write('unknown_and_unnamed_columns.csv', b'prompt,notes,,seed\r\nA cat,for the intro,x,1\r\nA dog,,,2\r\n')

# A model column choosing the model per row, with a field only Kling has.
write('model_column.csv', (
    'prompt,model,duration,seed\n'
    'A racing car,fal-ai/kling-video/v2.1/master/text-to-video,10,\n'
    'A slow river,,,5\n'
    'A cat,acme/unknown-model,,\n').encode('utf-8'))

# Header with spaces, odd case and aliases.
write('header_spaces_and_aliases.csv', b' Text , Negative Prompt ,ASPECT-RATIO, Num Inference Steps \r\nA quiet harbour at dawn,blurry,9:16,40\r\n')

# --- Encoding kinds (EncodingKindsTests) ---
# Japanese Excel files whose Japanese is only kanji, or only half-width katakana: CP932, not 1252 mojibake.
write('cp932_kanji_only.csv', 'prompt,seed\r\n富士山,1\r\n忍者,2\r\n海辺,3\r\n'.encode('cp932'))
write('cp932_kanji_one_per_line.csv', 'prompt\r\n猫\r\n犬\r\n'.encode('cp932'))
write('cp932_halfwidth_katakana_only.csv', 'prompt,seed\r\nｶﾀｶﾅ ﾃｽﾄ,1\r\nﾈｺ,2\r\n'.encode('cp932'))
# Western text in other code pages: must not pass as Windows-1252.
write('macroman_cr.csv', 'prompt,seed\rcafé – crème,1\r“quoted” résumé,2\r'.encode('mac_roman'))
write('cp850_msdos.csv', 'prompt;seed\r\nCafé crème;1\r\nGrüße aus Köln;2\r\n'.encode('cp850'))
write('cp1250_czech.csv', 'prompt;seed\r\nPes běží po louce;1\r\nKočka spí na gauči;2\r\n'.encode('cp1250'))
write('cp1251_cyrillic.csv', 'prompt,seed\r\nКошка спит,1\r\n'.encode('cp1251'))
# UTF-8 rows with Windows-1252 rows pasted below them (line 5 is the first 1252 one).
write('mixed_utf8_and_1252_rows.csv', 'prompt,seed\r\n'.encode() + ''.join(f'café numéro {i},{i}\r\n' for i in range(3)).encode('utf-8') + ''.join(f'crème brûlée {i},{i + 10}\r\n' for i in range(3)).encode('cp1252'))
# UTF-8 text that was converted to UTF-8 a second time.
write('double_encoded_utf8.csv', ('prompt,negative_prompt\r\n' + 'café crème – naïve'.encode('utf-8').decode('cp1252') + ',blurry\r\nplain text,\r\n').encode('utf-8'))
# NUL bytes: padding after the text (stripped), one inside line 2 (refused by line), UTF-16 LE Japanese without a BOM.
write('trailing_nul_padding.csv', b'prompt,seed\r\na cat,1\r\n' + b'\x00' * 16)
write('stray_nul_in_line_2.csv', b'prompt,seed\r\na cat\x00,1\r\nb dog,2\r\n')
write('utf16le_japanese_no_bom.csv', 'プロンプト\tシード\r\n桜の木の下で猫が眠る\t1\r\n富士山の夕焼け\t2\r\n'.encode('utf-16-le'))

# --- Files that are text but not CSV (NonCsvTextKindsTests) ---
write('google_sheets_html_login_page.csv', b'<!DOCTYPE html>\n<html lang="en"><head><title>Google Sheets - Sign in</title></head>\n<body>Sign in</body></html>\n')
write('excel_xml_spreadsheet_2003.csv', b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">\n<Worksheet><Table><Row><Cell><Data>prompt</Data></Cell></Row></Table></Worksheet></Workbook>\n')
write('json_array.csv', b'[\n  {"prompt": "a cat", "seed": 1},\n  {"prompt": "a dog", "seed": 2}\n]\n')
write('bracket_prompt_list.csv', b'[draft] a cat on a roof\n{wide} a dog, running\n')

# --- Layout kinds from spreadsheet exports (ExcelExportKindsTests) ---
write('title_row_above_header.csv', b'My video prompts\r\nprompt,seed\r\na cat,1\r\nb dog,2\r\n')
write('numbers_table_title.csv', b'Table 1\r\nprompt;seed;aspect_ratio\r\nein Hund;1;16:9\r\n')
write('sep_hint_quoted.csv', b'"sep=;"\r\nprompt;seed\r\na, cat;1\r\n')
write('sep_hint_padded.csv', b'sep=;;\r\nprompt;seed;\r\nx;1;\r\n')
write('headerless_trailing_commas.csv', b'a cat,\r\na dog,\r\na bird,\r\n')
write('headerless_trailing_semicolons.csv', b'ein Hund, braun;;\r\neine Katze;;\r\n')
write('headerless_prompts_with_commas.csv', b'a cat, sitting, on a mat\r\na dog, running, in a park\r\n')
write('space_before_quotes.csv', b'prompt, negative_prompt, seed\r\n"a cat", "blurry, dark", 1\r\n"b, dog" , "x" , "2"\r\n')
write('header_spaces_inside_quotes.csv', b'" prompt ", " seed "\r\na cat,1\r\n')
write('bare_inner_quotes.csv', b'prompt,seed\r\n"a cat "big" bad",1\r\nfine,2\r\n')
write('header_line_in_prompt_list.csv', b'a cat\r\na dog\r\na bird\r\na fish\r\nprompt,seed\r\na cow\r\n')
write('invisible_characters.csv', 'prompt,aspect_ratio\r\n\u200b,16:9\r\n\u2060,16:9\r\na cat,9:16\u200b\r\n'.encode('utf-8'))
write('excel_number_damage.csv', b'prompt,seed\r\nx,1.23457E+11\r\ny,"1,234"\r\n')
