package messages

// thai holds the Thai wording of every message, keyed by its English
// format. Verbs keep their order, so no argument index is needed.
var thai = map[string]string{
	// Shared words.
	"%s":          "%s",
	"warning: ":   "คำเตือน: ",
	"column %q: ": "คอลัมน์ %q: ",
	"hint: %s":    "คำแนะนำ: %s",

	// The pictures.
	"warning: %s: the emblem is left out":                                            "คำเตือน: %s: ไม่แสดงตราของหน่วย",
	"cannot read the picture template":                                               "อ่านแม่แบบภาพไม่ได้",
	"fix social_template in campaign.yaml, or empty it to use the built-in template": "แก้ social_template ใน campaign.yaml หรือเว้นว่างไว้เพื่อใช้แม่แบบที่มากับโปรแกรม",
	"width and height must be 200 to 4000 px":                                        "ความกว้างและความสูงต้องอยู่ระหว่าง 200 ถึง 4000 px",
	"margin must leave room inside the picture and line_spacing be 1 to 3":           "ระยะขอบต้องเหลือที่ว่างในภาพ และ line_spacing ต้องอยู่ระหว่าง 1 ถึง 3",
	"side_width %v px: want a column that leaves room for the blocks":                "side_width %v px: ต้องเป็นคอลัมน์ที่ยังเหลือที่ให้ส่วนอื่น",
	"the layout has no blocks":                                                       "แม่แบบไม่มีส่วนใดเลย",
	"a block is one of text, qr or logo":                                             "แต่ละส่วนต้องเป็นอย่างใดอย่างหนึ่ง: text, qr หรือ logo",
	"qr size %v px: want 100 px to the picture's side":                               "ขนาด qr %v px: ต้องอยู่ระหว่าง 100 px ถึงด้านของภาพ",
	"logo size %v px: want at most half the picture's height":                        "ขนาด logo %v px: ต้องไม่เกินครึ่งหนึ่งของความสูงของภาพ",
	"text size %v px: want 8 to 300":                                                 "ขนาดตัวอักษร %v px: ต้องอยู่ระหว่าง 8 ถึง 300",
	"a picture needs exactly one qr block, not %d":                                   "ภาพต้องมีส่วน qr หนึ่งส่วนพอดี ไม่ใช่ %d",
	"%d colours: at most %d besides the background":                                  "%d สี: ใช้ได้ไม่เกิน %d สีนอกจากสีพื้น",
	"the picture's blocks do not fit":                                                "ส่วนต่าง ๆ ของภาพไม่พอดีกับภาพ",
	"logo size %v mm: want at most 100":                                              "ขนาด logo %v มม.: ต้องไม่เกิน 100",

	// The command line.
	"Run 'prakat --help' for usage.":                         "ดูวิธีใช้ด้วยคำสั่ง 'prakat --help'",
	"%s takes no arguments, only flags":                      "%s ไม่รับอาร์กิวเมนต์ ใช้ได้เฉพาะตัวเลือก (flag)",
	"%s takes one argument, the folder":                      "%s ต้องระบุอาร์กิวเมนต์หนึ่งตัว คือโฟลเดอร์",
	"--lang %q: want th or en":                               "--lang %q: ใช้ได้เฉพาะ th หรือ en",
	"stopped after %d problems":                              "หยุดตรวจเมื่อพบปัญหาครบ %d รายการ",
	"prakat: the unit list was refused; nothing was written": "prakat: ไม่รับรายชื่อหน่วยนี้ ยังไม่มีการเขียนไฟล์ใด",
	"no unit list: give --units FILE":                        "ไม่มีรายชื่อหน่วย: ระบุ --units ไฟล์",
	"unknown province %q: give its Thai name (สมุทรสาคร) or its two-digit code (74)": "ไม่รู้จักจังหวัด %q: ระบุชื่อภาษาไทย (สมุทรสาคร) หรือรหัส 2 หลัก (74)",
	"validate needs --units FILE":            "validate ต้องระบุ --units ไฟล์",
	"%s: %d units in %d districts (%s)":      "%s: %d หน่วย ใน %d อำเภอ (%s)",
	"by type:":                               "แยกตามประเภท:",
	"by district:":                           "แยกตามอำเภอ:",
	"links needs --config DIR/campaign.yaml": "links ต้องระบุ --config โฟลเดอร์/campaign.yaml",
	"init needs --survey-url URL":            "init ต้องระบุ --survey-url ลิงก์แบบสำรวจ",
	"--mode %q: want redirect or direct":     "--mode %q: ใช้ได้เฉพาะ redirect หรือ direct",
	"--mode redirect needs --short-base URL, the address prakat serve answers at":                                                     "--mode redirect ต้องระบุ --short-base ที่อยู่ของเซิร์ฟเวอร์ prakat serve",
	"created the campaign %s (mode %s)":                                                                                               "สร้างแคมเปญ %s แล้ว (โหมด %s)",
	"next: put your unit list in %s, then run: prakat links --config %s":                                                              "ขั้นต่อไป: นำรายชื่อหน่วยของท่านไปไว้ที่ %s แล้วสั่ง prakat links --config %s",
	"demo: the campaign is in %s; the links of its units are in %s":                                                                   "ตัวอย่าง: แคมเปญอยู่ที่ %s ลิงก์ของทุกหน่วยอยู่ที่ %s",
	"warning: short_base %q has characters outside the QR alphanumeric set; QR codes will be larger":                                  "คำเตือน: short_base %q มีอักขระนอกชุดตัวอักษรและตัวเลขของ QR ทำให้ QR code ใหญ่ขึ้น",
	"warning: the campaign now gives %d units other links than the ones issued; the issued links are kept, as posters may be printed": "คำเตือน: ค่าของแคมเปญตอนนี้ให้ลิงก์ต่างจากที่ออกไปแล้ว %d หน่วย ระบบคงลิงก์เดิมไว้ เพราะอาจพิมพ์โปสเตอร์ไปแล้ว",

	// The campaign file.
	"no campaign file here":                                      "ไม่พบไฟล์แคมเปญที่นี่",
	"create one with: prakat init DIR --survey-url URL":          "สร้างด้วยคำสั่ง prakat init โฟลเดอร์ --survey-url ลิงก์แบบสำรวจ",
	"unknown setting %q":                                         "ไม่รู้จักค่าตั้ง %q",
	"check the spelling against the settings prakat init writes": "ตรวจการสะกดเทียบกับค่าตั้งที่ prakat init เขียนไว้",
	"not valid YAML: %s":                                         "รูปแบบ YAML ไม่ถูกต้อง: %s",
	// The YAML files (internal/yamlfile).
	"did you mean %s?":         "หมายถึง %s หรือไม่",
	"the settings here are %s": "ค่าตั้งที่ใช้ได้ตรงนี้คือ %s",
	"check the indentation and the quotes on this line and the one above":          "ตรวจการย่อหน้าและเครื่องหมายคำพูดในบรรทัดนี้และบรรทัดก่อนหน้า",
	"the file is saved as Windows-874 (Thai Windows), not UTF-8":                   "ไฟล์นี้บันทึกเป็นรหัส Windows-874 (ภาษาไทยของ Windows) ไม่ใช่ UTF-8",
	"the file is not UTF-8 text (byte 0x%02X)":                                     "ไฟล์นี้ไม่ใช่ข้อความ UTF-8 (ไบต์ 0x%02X)",
	"save it as UTF-8: in Notepad choose File, Save As, and set Encoding to UTF-8": "บันทึกเป็น UTF-8: ใน Notepad เลือก File, Save As แล้วตั้ง Encoding เป็น UTF-8",
	"%q is not a number": "%q ไม่ใช่ตัวเลข",
	"write a number such as 20 or 12.5, without units":                    "เขียนเป็นตัวเลข เช่น 20 หรือ 12.5 โดยไม่ต้องใส่หน่วย",
	"%q is not true or false":                                             "%q ต้องเป็น true หรือ false",
	"%q is not a list":                                                    "%q ไม่ใช่รายการ",
	"write each item on its own line, starting with - under the setting":  "เขียนแต่ละรายการในบรรทัดของตัวเองใต้ค่าตั้งนั้น ขึ้นต้นด้วย -",
	"survey_url is empty":                                                 "ไม่ได้กำหนด survey_url",
	"set it to the survey's address, e.g. a Google Forms link":            "ใส่ลิงก์ของแบบสำรวจ เช่น ลิงก์ Google Forms",
	"mode %q is neither redirect nor direct":                              "mode %q ต้องเป็น redirect หรือ direct",
	"closing_date %q is not a date":                                       "closing_date %q ไม่ใช่วันที่",
	"write it as YYYY-MM-DD, e.g. 2026-12-31":                             "เขียนเป็น ปปปป-ดด-วว (ค.ศ.) เช่น 2026-12-31",
	"secret_file is empty":                                                "ไม่ได้กำหนด secret_file",
	"ledger is empty":                                                     "ไม่ได้กำหนด ledger",
	"unknown placeholder {%s} in survey_url":                              "survey_url มีช่องแทนค่า {%s} ที่ไม่รู้จัก",
	"the placeholders are {code} {token} {name} {district} {type}":        "ช่องแทนค่าที่ใช้ได้คือ {code} {token} {name} {district} {type}",
	"survey_url %q is not an http(s) address":                             "survey_url %q ไม่ใช่ที่อยู่ http(s)",
	"redirect mode needs short_base, the address prakat serve answers at": "โหมด redirect ต้องกำหนด short_base คือที่อยู่ของเซิร์ฟเวอร์ prakat serve",
	"e.g. https://s.example.go.th; or choose mode: direct":                "เช่น https://s.example.go.th หรือเลือก mode: direct",
	"short_base %q is not an http(s) address without query":               "short_base %q ต้องเป็นที่อยู่ http(s) ที่ไม่มีส่วน query",
	"exists and is not a folder; nothing was changed":                     "มีอยู่แล้วและไม่ใช่โฟลเดอร์ ไม่มีการเปลี่ยนแปลงใด",
	"already holds a campaign; nothing was changed":                       "มีแคมเปญอยู่แล้ว ไม่มีการเปลี่ยนแปลงใด",
	"choose a new folder, or edit %s":                                     "เลือกโฟลเดอร์ใหม่ หรือแก้ไข %s",
	"exists and is not empty; nothing was changed":                        "มีอยู่แล้วและไม่ว่าง ไม่มีการเปลี่ยนแปลงใด",
	"choose a new folder":                                                 "เลือกโฟลเดอร์ใหม่",
	"cannot read the campaign secret":                                     "อ่านกุญแจลับของแคมเปญไม่ได้",
	"tokens are derived from it; restore it from your copy":               "โทเค็นสร้างจากกุญแจนี้ ให้นำสำเนาที่เก็บไว้มาคืน",
	"the campaign secret is damaged (want at least 32 hex digits)":        "กุญแจลับของแคมเปญเสียหาย (ต้องเป็นเลขฐานสิบหกอย่างน้อย 32 หลัก)",

	// The link ledger.
	"another prakat run is issuing links for this campaign": "มี prakat อีกงานหนึ่งกำลังออกลิงก์ของแคมเปญนี้อยู่",
	"wait for it to finish and run again":                   "รอให้งานนั้นเสร็จแล้วสั่งใหม่",
	"damaged ledger line":                                   "บรรทัดในทะเบียนลิงก์เสียหาย",
	"not a prakat ledger (header %q)":                       "ไม่ใช่ทะเบียนลิงก์ของ prakat (หัวตาราง %q)",
	"token %q is not a prakat token":                        "โทเค็น %q ไม่ใช่โทเค็นของ prakat",
	"code %s is issued twice":                               "รหัส %s ถูกออกลิงก์สองครั้ง",
	"token %s is issued to both %s and %s":                  "โทเค็น %s ถูกออกให้ทั้ง %s และ %s",
	"the ledger is written by prakat only; restore it from a backup, or remove the damaged lines": "ทะเบียนลิงก์เขียนโดย prakat เท่านั้น ให้คืนจากสำเนา หรือลบบรรทัดที่เสียหายออก",

	// Reading a unit list: the file.
	"is a folder, not a unit list":                                                "เป็นโฟลเดอร์ ไม่ใช่ไฟล์รายชื่อหน่วย",
	"is %d MB; a unit list is at most %d MB":                                      "มีขนาด %d MB แต่ไฟล์รายชื่อหน่วยต้องไม่เกิน %d MB",
	"cannot read the file (%v)":                                                   "อ่านไฟล์ไม่ได้ (%v)",
	"save it again from Excel as .xlsx or CSV":                                    "เปิดใน Excel แล้วบันทึกใหม่เป็น .xlsx หรือ CSV",
	"the file is empty":                                                           "ไฟล์ว่างเปล่า",
	"this is an old Excel .xls workbook, which prakat does not read":              "ไฟล์นี้เป็น Excel แบบเก่า (.xls) ซึ่ง prakat อ่านไม่ได้",
	"in Excel choose File, Save As, and pick Excel Workbook (.xlsx) or CSV":       "ใน Excel เลือก ไฟล์ > บันทึกเป็น แล้วเลือก Excel Workbook (.xlsx) หรือ CSV",
	"in Excel choose File, Save As, and pick CSV UTF-8 or Excel Workbook (.xlsx)": "ใน Excel เลือก ไฟล์ > บันทึกเป็น แล้วเลือก CSV UTF-8 หรือ Excel Workbook (.xlsx)",
	"not a readable XLSX workbook (%v)":                                           "ไม่ใช่ไฟล์ XLSX ที่อ่านได้ (%v)",
	"open it in Excel and save it again as .xlsx or CSV":                          "เปิดใน Excel แล้วบันทึกใหม่เป็น .xlsx หรือ CSV",
	"the workbook has no sheets":                                                  "สมุดงานไม่มีแผ่นงาน",
	"no sheet named %q":                                                           "ไม่มีแผ่นงานชื่อ %q",
	"the sheets are: %s":                                                          "แผ่นงานที่มี: %s",
	"cannot read sheet %q (%v)":                                                   "อ่านแผ่นงาน %q ไม่ได้ (%v)",
	"the file says it is UTF-8 but is not":                                        "ไฟล์ระบุว่าเป็น UTF-8 แต่เนื้อหาไม่ใช่",
	"cannot decode the file as UTF-16":                                            "ถอดรหัสไฟล์แบบ UTF-16 ไม่ได้",
	"the file mixes UTF-8 with another encoding":                                  "ไฟล์ปนการเข้ารหัส UTF-8 กับแบบอื่น",
	"the file is neither UTF-8 nor Windows-874 text":                              "ไฟล์ไม่ใช่ข้อความ UTF-8 หรือ Windows-874",
	"the file holds binary data (byte 0x%02X), not text":                          "ไฟล์มีข้อมูลไบนารี (ไบต์ 0x%02X) ไม่ใช่ข้อความ",
	"give a CSV or XLSX file saved from a spreadsheet":                            "ใช้ไฟล์ CSV หรือ XLSX ที่บันทึกจากโปรแกรมตารางคำนวณ",
	"this cell opens a double quote that is never closed, so the rest of the file reads as this one cell":                                                                                  "ช่องนี้เปิดเครื่องหมายคำพูดแล้วไม่ปิด ข้อมูลที่เหลือทั้งไฟล์จึงถูกอ่านเป็นช่องเดียวนี้",
	"text follows the closing double quote of this cell":                                                                                                                                   "มีข้อความต่อท้ายเครื่องหมายคำพูดปิดของช่องนี้",
	"a stray double quote in a cell that does not start with one":                                                                                                                          "มีเครื่องหมายคำพูดหลงอยู่ในช่องที่ไม่ได้ขึ้นต้นด้วยเครื่องหมายคำพูด",
	"the Thai text is garbled (%q): the file was opened in the wrong encoding and saved again":                                                                                             "ภาษาไทยในไฟล์เสีย (%q): ไฟล์ถูกเปิดด้วยรหัสอักขระผิดแล้วบันทึกทับ",
	"the Thai text is garbled: %q should read %q; the file was opened in the wrong encoding and saved again":                                                                               "ภาษาไทยในไฟล์เสีย: %q ควรเป็น %q ไฟล์ถูกเปิดด้วยรหัสอักขระผิดแล้วบันทึกทับ",
	"go back to the list as it was received, or open it in Excel on a Thai PC, and save it as CSV UTF-8 or as Excel Workbook (.xlsx); saving this copy again will not bring the Thai back": "กลับไปใช้ไฟล์รายชื่อฉบับที่ได้รับมา หรือเปิดด้วย Excel บนเครื่องที่ตั้งภาษาไทย แล้วบันทึกเป็น CSV UTF-8 หรือ Excel Workbook (.xlsx) การบันทึกไฟล์ฉบับนี้ซ้ำจะไม่ทำให้ภาษาไทยกลับมา",
	"malformed CSV: %v": "รูปแบบ CSV ผิด: %v",
	"a cell holding a quote, comma or line break must be in double quotes, with each quote inside doubled (\"\")": "ช่องที่มีเครื่องหมายคำพูด จุลภาค หรือการขึ้นบรรทัดใหม่ ต้องครอบด้วยเครื่องหมายคำพูด และเครื่องหมายคำพูดข้างในต้องเขียนซ้ำสองตัว (\"\")",
	"no header row with a code and a name column in the first %d rows":                                            "ไม่พบแถวหัวตารางที่มีคอลัมน์รหัสและชื่อ ใน %d แถวแรก",
	"head the columns รหัส (code), ประเภท (type), ชื่อ (name), อำเภอ (district); จังหวัด (province) is optional":  "ตั้งหัวคอลัมน์ว่า รหัส, ประเภท, ชื่อ, อำเภอ ส่วน จังหวัด จะมีหรือไม่ก็ได้",
	"no district column in the header row":                                        "แถวหัวตารางไม่มีคอลัมน์อำเภอ",
	"add a column headed อำเภอ (or district): letters and bundles go by district": "เพิ่มคอลัมน์ชื่อ อำเภอ เพราะหนังสือและชุดเอกสารแยกตามอำเภอ",
	"no units of province %s":                                                     "ไม่มีหน่วยของจังหวัด%s",
	"check --province, or the province column and codes in the file; if generate read another list (--units FILE), give the same --units, or copy that list over this file": "ตรวจ --province หรือคอลัมน์จังหวัดและรหัสในไฟล์ ถ้าตอน generate ใช้รายชื่ออื่น (--units FILE) ให้ระบุ --units เดียวกัน หรือคัดลอกรายชื่อนั้นมาแทนไฟล์นี้",
	"no units below the header row": "ไม่มีหน่วยใดใต้แถวหัวตาราง",

	// Reading a unit list: a row.
	"write the unit's DLA code, 7 digits, e.g. 2740101": "เขียนรหัส อปท. ของหน่วย 7 หลัก เช่น 2740101",
	"empty code":                                        "ไม่มีรหัส",
	"code %q is not a number":                           "รหัส %q ไม่ใช่ตัวเลข",
	"code %s has %d digits, not 7":                      "รหัส %s มี %d หลัก ไม่ใช่ 7 หลัก",
	"code %s does not start with a type digit (2 to 6)": "รหัส %s ไม่ได้ขึ้นต้นด้วยเลขประเภท (2 ถึง 6)",
	"a DLA code is 7 digits, e.g. 2740101":              "รหัส อปท. ของกรมส่งเสริมการปกครองท้องถิ่นมี 7 หลัก เช่น 2740101",
	"unknown province %q":                               "ไม่รู้จักจังหวัด %q",
	"write the province's Thai name (สมุทรสาคร) or its two-digit code (74)":                    "เขียนชื่อจังหวัดภาษาไทย (สมุทรสาคร) หรือรหัส 2 หลัก (74)",
	"write the unit's Thai name, e.g. เทศบาลตำบลท่าจีน, or delete the row if it holds no unit": "เขียนชื่อภาษาไทยของหน่วย เช่น เทศบาลตำบลท่าจีน หรือลบแถวนี้ถ้าไม่ใช่หน่วย",
	"put one unit a row, right below the row of column names":                                  "ใส่หน่วยละหนึ่งแถว ต่อจากแถวชื่อคอลัมน์",
	"save the list again from Excel, as a workbook (.xlsx) or as CSV":                          "บันทึกรายชื่อจาก Excel ใหม่ เป็นสมุดงาน (.xlsx) หรือ CSV",
	"save the list again from Excel as CSV UTF-8 or as Thai (Windows-874) CSV":                 "บันทึกรายชื่อจาก Excel ใหม่ เป็น CSV UTF-8 หรือ CSV ภาษาไทย (Windows-874)",
	"empty name":      "ไม่มีชื่อ",
	"unknown type %q": "ไม่รู้จักประเภท %q",
	"write one of อบจ., เทศบาลนคร (ทน.), เทศบาลเมือง (ทม.), เทศบาลตำบล (ทต.), อบต., เมืองพัทยา": "เขียนเป็นอย่างใดอย่างหนึ่ง: อบจ., เทศบาลนคร (ทน.), เทศบาลเมือง (ทม.), เทศบาลตำบล (ทต.), อบต., เมืองพัทยา",
	"type %s does not match the name %q":  "ประเภท %s ไม่ตรงกับชื่อ %q",
	"correct either the type or the name": "แก้ประเภทหรือชื่อให้ถูกต้อง",
	"cannot tell the type of %q":          "บอกประเภทของ %q ไม่ได้",
	"add a type column (ประเภท) or write the full name, e.g. องค์การบริหารส่วนตำบล%s": "เพิ่มคอลัมน์ประเภท หรือเขียนชื่อเต็ม เช่น องค์การบริหารส่วนตำบล%s",
	"code %s starts with %c, but a %s code starts with %c":      "รหัส %s ขึ้นต้นด้วย %c แต่รหัสของ%s ขึ้นต้นด้วย %c",
	"usual after a unit is upgraded; the code is kept as it is": "พบได้เมื่อหน่วยได้รับการยกฐานะ ระบบใช้รหัสตามเดิม",
	"empty district": "ไม่มีชื่ออำเภอ",
	"%q has a \"?\" where a character was lost when the list was saved":                                                                        "%q มีเครื่องหมาย \"?\" แทนอักขระที่หายไปตอนบันทึกไฟล์",
	"correct the name, then save the list as CSV UTF-8 or as Excel Workbook (.xlsx): a Thai (Windows-874) CSV has no room for some characters": "แก้ชื่อให้ถูกต้อง แล้วบันทึกรายชื่อเป็น CSV UTF-8 หรือ Excel Workbook (.xlsx) เพราะ CSV ภาษาไทย (Windows-874) เก็บอักขระบางตัวไม่ได้",
	"every unit needs its district (อำเภอ): letters and bundles go by district":                                                                "ทุกหน่วยต้องมีอำเภอ เพราะหนังสือและชุดเอกสารแยกตามอำเภอ",
	"code %s is %q here but %q on row %d":                                                                                                      "รหัส %s แถวนี้เป็น %q แต่แถวอื่นเป็น %q (แถวที่ %d)",
	"one code, one unit: correct whichever row is wrong":                                                                                       "หนึ่งรหัสต่อหนึ่งหน่วย แก้แถวที่ผิด",

	// Posters and the output folder.
	"demo: the campaign is in %s; posters, print files and the manifest in %s":       "ตัวอย่าง: แคมเปญอยู่ที่ %s ส่วนโปสเตอร์ ไฟล์สั่งพิมพ์ และบัญชีรายการอยู่ที่ %s",
	"%d posters for %d districts in %s (%.1f s, %d KB a poster)":                     "โปสเตอร์ %d แผ่น ของ %d อำเภอ ที่ %s (%.1f วินาที แผ่นละ %d KB)",
	"cannot read the poster template":                                                "อ่านแม่แบบโปสเตอร์ไม่ได้",
	"fix poster_template in campaign.yaml, or empty it to use the built-in template": "แก้ poster_template ใน campaign.yaml หรือเว้นว่างไว้เพื่อใช้แม่แบบที่มากับโปรแกรม",
	"cannot read the font":                           "อ่านไฟล์แบบอักษรไม่ได้",
	"fix font_regular or font_bold in campaign.yaml": "แก้ font_regular หรือ font_bold ใน campaign.yaml",
	"unusable font":                                  "ใช้แบบอักษรนี้ไม่ได้",
	"posters":                                        "โปสเตอร์",
	"posters: %d of %d":                              "โปสเตอร์: %d จาก %d",
	"generate needs --config DIR/campaign.yaml and --out OUT":         "generate ต้องระบุ --config โฟลเดอร์/campaign.yaml และ --out โฟลเดอร์ผลลัพธ์",
	"--jobs must be 1 or more":                                        "--jobs ต้องเป็น 1 ขึ้นไป",
	"give --out a new folder, or one a previous prakat generate made": "ให้ --out เป็นโฟลเดอร์ใหม่ หรือโฟลเดอร์ที่ prakat generate เคยสร้างไว้",
	"the font %s has no glyph for %q":                                 "แบบอักษร %s ไม่มีตัวอักษร %q",
	"the poster's blocks do not fit one page":                         "เนื้อหาของโปสเตอร์ไม่พอดีหนึ่งหน้า",
	"colour %s: %q is not #RRGGBB":                                    "สี %s: %q ไม่อยู่ในรูป #RRGGBB",
	"the template has no blocks":                                      "แม่แบบไม่มีส่วนใดเลย (blocks)",
	"margin must be 0 to 60 mm and line_spacing 1 to 3":               "margin ต้องอยู่ระหว่าง 0 ถึง 60 มม. และ line_spacing ระหว่าง 1 ถึง 3",
	"a block is either text or qr, not both":                          "แต่ละส่วนเป็นข้อความ (text) หรือ QR (qr) อย่างใดอย่างหนึ่ง",
	"qr size %v mm: want 20 to 180":                                   "ขนาด QR %v มม.: ต้องอยู่ระหว่าง 20 ถึง 180",
	"a block needs text or qr":                                        "แต่ละส่วนต้องมี text หรือ qr",
	"text size %v pt: want 6 to 120":                                  "ขนาดตัวอักษร %v พอยต์: ต้องอยู่ระหว่าง 6 ถึง 120",
	"unknown placeholder {%s}":                                        "ไม่รู้จักช่องแทนค่า {%s}",
	"the placeholders are {%s}":                                       "ช่องแทนค่าที่ใช้ได้คือ {%s}",
	"unknown colour %q":                                               "ไม่รู้จักสี %q",
	"name one of the template's colours, or write #RRGGBB":            "ใช้ชื่อสีที่กำหนดในแม่แบบ หรือเขียนเป็น #RRGGBB",
	"a poster needs exactly one qr block, not %d":                     "โปสเตอร์ต้องมีส่วน qr หนึ่งส่วนพอดี ไม่ใช่ %d",

	// Letters.
	"cannot read the letter template":                                                                "อ่านแม่แบบหนังสือไม่ได้",
	"fix letter_template in campaign.yaml, or empty it to use the built-in template":                 "แก้ letter_template ใน campaign.yaml หรือเว้นว่างไว้เพื่อใช้แบบที่มากับโปรแกรม",
	"cannot read the Garuda image":                                                                   "อ่านภาพครุฑไม่ได้",
	"fix garuda in %s, or empty it to keep the space blank":                                          "แก้ garuda ใน %s หรือเว้นว่างไว้เพื่อเว้นที่ว่าง",
	"date %q is not a date":                                                                          "date %q ไม่ใช่วันที่",
	"cannot use the Garuda image (%v)":                                                               "ใช้ภาพครุฑไม่ได้ (%v)",
	"font_size must be 10 to 24, line_spacing 1 to 2.5, margins 10 mm or more and indent 0 to 60 mm": "font_size ต้องอยู่ระหว่าง 10 ถึง 24, line_spacing ระหว่าง 1 ถึง 2.5, ระยะขอบ 10 มม. ขึ้นไป และย่อหน้า 0 ถึง 60 มม.",
	"subject, the offices, the positions and the words of the letter must not be empty":              "เรื่อง ส่วนราชการ ตำแหน่ง และคำในหนังสือต้องไม่ว่าง",

	// Tracking and the report.
	"trusted_proxies: %q is not an address or a CIDR range":                      "trusted_proxies: %q ไม่ใช่ที่อยู่หรือช่วงที่อยู่ (CIDR)",
	"%d of %d units scanned (%d scans); %d need a reminder; the report is in %s": "มีผู้สแกน %d จาก %d หน่วย (สแกน %d ครั้ง) ต้องติดตาม %d หน่วย รายงานอยู่ที่ %s",
	"report needs --config DIR/campaign.yaml, --db FILE and --out DIR":           "report ต้องระบุ --config โฟลเดอร์/campaign.yaml, --db ไฟล์ และ --out โฟลเดอร์",
	"no scan database here":                                                                   "ไม่พบฐานข้อมูลการสแกนที่นี่",
	"give --db the file prakat serve writes":                                                  "ให้ --db เป็นไฟล์ที่ prakat serve บันทึก",
	"serving %d links on %s://%s":                                                             "ให้บริการลิงก์ %d ลิงก์ ที่ %s://%s",
	"serve needs --config DIR/campaign.yaml and --db FILE":                                    "serve ต้องระบุ --config โฟลเดอร์/campaign.yaml และ --db ไฟล์",
	"no links issued yet: run prakat links or prakat generate first":                          "ยังไม่มีลิงก์ที่ออกไว้: สั่ง prakat links หรือ prakat generate ก่อน",
	"no responses in the file":                                                                "ไม่มีคำตอบในไฟล์",
	"no column holds a unit's code or name":                                                   "ไม่มีคอลัมน์ใดเป็นรหัสหรือชื่อของหน่วย",
	"prefill the survey with the unit's code, e.g. a Google Forms link with entry.NNN={code}": "ให้แบบประเมินเติมรหัสหน่วยไว้ล่วงหน้า เช่น ลิงก์ Google Forms ที่มี entry.NNN={code}",
	"save the list with a header row: รหัส, ชื่อ, อำเภอ":                                      "บันทึกรายชื่อพร้อมแถวหัวตาราง: รหัส, ชื่อ, อำเภอ",

	// The output folder and the checks made before any link is issued.
	"is not a folder prakat can replace":                                                                                     "ไม่ใช่โฟลเดอร์ที่ prakat แทนที่ได้",
	"give --out a folder's name, e.g. --out posters":                                                                         "ระบุชื่อโฟลเดอร์ให้ --out เช่น --out posters",
	"another prakat run is writing this folder; nothing was changed":                                                         "มี prakat อีกงานหนึ่งกำลังเขียนโฟลเดอร์นี้อยู่ ยังไม่มีการเปลี่ยนแปลงใด",
	"wait for it to finish, or give --out another folder":                                                                    "รอให้งานนั้นเสร็จก่อน หรือระบุโฟลเดอร์อื่นให้ --out",
	"move those files out of the folder, or give --out a new folder":                                                         "ย้ายไฟล์เหล่านั้นออกจากโฟลเดอร์ หรือระบุโฟลเดอร์ใหม่ให้ --out",
	"cannot be replaced: %v":                                                                                                 "แทนที่ไม่ได้: %v",
	"close any file of it that is open (a PDF viewer, Excel), then run again":                                                "ปิดไฟล์ในโฟลเดอร์นั้นที่เปิดค้างไว้ (โปรแกรมอ่าน PDF, Excel) แล้วสั่งใหม่",
	"holds files that appeared while prakat ran; they were kept there":                                                       "มีไฟล์ที่เกิดขึ้นระหว่างที่ prakat ทำงาน ไฟล์เหล่านั้นเก็บไว้ที่นี่",
	"move them where they belong, then delete the folder":                                                                    "ย้ายไฟล์ไปไว้ที่ที่ควรอยู่ แล้วลบโฟลเดอร์นี้",
	"warning: %s: closing_date %s is in the past; the posters and letters will print it":                                     "คำเตือน: %s: closing_date %s เป็นวันที่ผ่านมาแล้ว โปสเตอร์และหนังสือจะพิมพ์วันที่ดังกล่าว",
	"set closing_date in campaign.yaml to the day the survey closes":                                                         "ตั้ง closing_date ใน campaign.yaml เป็นวันที่ปิดรับแบบประเมิน",
	"%s: the font %s has no glyph for %q in {%s}":                                                                            "%s: แบบอักษร %s ไม่มีตัวอักษร %q ใน {%s}",
	"write the setting without that character, or name a font that has it (font_regular, font_bold in campaign.yaml)":        "เขียนค่านั้นโดยไม่ใช้อักขระนี้ หรือระบุแบบอักษรที่มีอักขระนี้ (font_regular, font_bold ใน campaign.yaml)",
	"%s %s: the font %s has no glyph for %q":                                                                                 "%s %s: แบบอักษร %s ไม่มีตัวอักษร %q",
	"correct the name in the list (an emoji or a symbol pasted in?), or name a font that has the character in campaign.yaml": "แก้ชื่อในรายชื่อ (อาจมีอีโมจิหรือสัญลักษณ์ติดมา) หรือระบุแบบอักษรที่มีอักขระนี้ใน campaign.yaml",
	"the letters' %s: the font %s has no glyph for %q":                                                                       "หนังสือ ส่วน %s: แบบอักษร %s ไม่มีตัวอักษร %q",
	"write it without that character, or name a font that has it (font_regular in campaign.yaml)":                            "เขียนโดยไม่ใช้อักขระนี้ หรือระบุแบบอักษรที่มีอักขระนี้ (font_regular ใน campaign.yaml)",
	"holds files that prakat did not make or that were changed since it made them (%s); nothing was changed":                 "มีไฟล์ที่ prakat ไม่ได้สร้าง หรือถูกแก้ไขหลังจาก prakat สร้าง (%s) ยังไม่มีการเปลี่ยนแปลงใด",
	"{closing_date} has no value: the campaign has no closing date":                                                          "{closing_date} ไม่มีค่า: แคมเปญยังไม่ได้กำหนดวันปิดแบบประเมิน",
	"set closing_date in campaign.yaml to the day the survey closes (YYYY-MM-DD)":                                            "ตั้ง closing_date ใน campaign.yaml เป็นวันที่ปิดรับแบบประเมิน (ปปปป-ดด-วว ค.ศ.)",
	"{%s} has no value here": "{%s} ไม่มีค่าในส่วนนี้",
	"set it in campaign.yaml, or take {%s} out of this part of the template": "กำหนดค่าใน campaign.yaml หรือนำ {%s} ออกจากส่วนนี้ของแม่แบบ",
	// The command line: usage mistakes, the help's headings.
	"unknown command %q for %q":    "ไม่รู้จักคำสั่ง %q ของ %q",
	"unknown flag --%s for %q":     "ไม่รู้จักตัวเลือก --%s ของ %q",
	"unknown flag -%s for %q":      "ไม่รู้จักตัวเลือก -%s ของ %q",
	"--%s needs a value":           "--%s ต้องระบุค่า",
	"--%s %q: want a whole number": "--%s %q: ต้องเป็นจำนวนเต็ม",
	"--%s %q: want true or false":  "--%s %q: ต้องเป็น true หรือ false",
	"--%s %q: not a valid value":   "--%s %q: ค่าไม่ถูกต้อง",
	"bad flag syntax: %s":          "เขียนตัวเลือกผิดรูปแบบ: %s",
	"Usage:":                       "วิธีใช้:",
	"Examples:":                    "ตัวอย่าง:",
	"Available Commands:":          "คำสั่งที่มี:",
	"Flags:":                       "ตัวเลือก:",
	"Global Flags:":                "ตัวเลือกร่วม:",
	"Use \"%s [command] --help\" for more information about a command.": "ดูรายละเอียดของแต่ละคำสั่งด้วย \"%s [คำสั่ง] --help\"",
	"help for %s":  "แสดงวิธีใช้ของ %s",
	"(default %s)": "(ค่าเริ่มต้น %s)",

	// The machine.
	"the disk is full": "ดิสก์เต็ม",
	"free some space on the disk, or write to another one, and run again":                                "ลบไฟล์ที่ไม่ใช้ให้มีที่ว่างบนดิสก์ หรือเขียนลงดิสก์อื่น แล้วสั่งใหม่",
	"the address %s is already in use":                                                                   "ที่อยู่ %s มีโปรแกรมอื่นใช้อยู่แล้ว",
	"another program, perhaps another prakat serve, listens there: stop it, or give --addr another port": "มีโปรแกรมอื่น (อาจเป็น prakat serve อีกตัวหนึ่ง) รอรับอยู่ที่นั่น ให้ปิดโปรแกรมนั้น หรือระบุ --addr เป็นพอร์ตอื่น",

	// Help: the commands.
	"Tracked survey posters and circulars for Thai local government units": "โปสเตอร์แบบประเมินพร้อมลิงก์ติดตาม และหนังสือเวียน สำหรับองค์กรปกครองส่วนท้องถิ่น",
	`prakat turns a province's list of local government units (districts, the
provincial administrative organisation, municipalities and subdistrict
administrative organisations) into one tracked survey link per unit, and from
there posters, circular letters and a report of who reached citizens.

Start with:  prakat demo
Or:          prakat init my-campaign --survey-url https://forms.gle/...`: `prakat นำรายชื่อองค์กรปกครองส่วนท้องถิ่นของจังหวัด (อบจ. เทศบาล และ อบต.
แยกตามอำเภอ) มาออกลิงก์แบบประเมินที่ติดตามได้ให้หน่วยละหนึ่งลิงก์ แล้วทำโปสเตอร์
หนังสือเวียน และรายงานว่าหน่วยใดเผยแพร่ถึงประชาชนแล้ว

เริ่มด้วย:  prakat demo
หรือ:      prakat init my-campaign --survey-url https://forms.gle/...`,
	"Help about any command": "แสดงวิธีใช้ของคำสั่งใดก็ได้",
	`Shows the help of prakat or of one of its commands:
prakat help generate is the same as prakat generate --help.`: `แสดงวิธีใช้ของ prakat หรือของคำสั่งหนึ่งของ prakat:
prakat help generate ให้ผลเหมือน prakat generate --help`,
	"Create a campaign folder": "สร้างโฟลเดอร์แคมเปญ",
	`Creates DIR with campaign.yaml (every setting commented in Thai and English),
an example unit list (the 38 units of Samut Sakhon, from the DLA register) and a
secret for the tokens (readable by you only). Keep a copy of the secret.

The mode is redirect when --short-base is given (short links to prakat serve,
which counts scans), direct otherwise (the survey link filled in per unit).
An existing campaign, or any non-empty folder, is refused and left untouched.`: `สร้างโฟลเดอร์ DIR ที่มี campaign.yaml (ทุกค่าตั้งมีคำอธิบายภาษาไทยและอังกฤษ)
รายชื่อหน่วยตัวอย่าง (38 หน่วยของจังหวัดสมุทรสาคร จากทะเบียนของกรมส่งเสริมการปกครองท้องถิ่น)
และกุญแจลับสำหรับสร้างโทเค็น (ท่านอ่านได้คนเดียว) ให้เก็บสำเนากุญแจลับไว้

ถ้าระบุ --short-base จะเป็นโหมด redirect (ลิงก์สั้นผ่าน prakat serve ซึ่งนับการสแกน)
ถ้าไม่ระบุจะเป็นโหมด direct (ลิงก์แบบประเมินที่เติมข้อมูลของแต่ละหน่วยไว้)
โฟลเดอร์ที่มีแคมเปญอยู่แล้ว หรือโฟลเดอร์ที่ไม่ว่าง จะไม่ถูกใช้และไม่ถูกแตะต้อง`,
	"Check a unit list and summarise it by type and district": "ตรวจรายชื่อหน่วย และสรุปตามประเภทและอำเภอ",
	`Reads a unit list as every other command would and either summarises it
(units by type and by district; exit 0) or lists every problem found as
FILE:ROW: column "X": what is wrong, with a hint where one helps (exit 1).`: `อ่านรายชื่อหน่วยแบบเดียวกับคำสั่งอื่นทุกคำสั่ง แล้วสรุป (จำนวนหน่วยตามประเภทและตามอำเภอ
สถานะออก 0) หรือแจ้งทุกปัญหาที่พบในรูป ไฟล์:แถว: คอลัมน์ "X": สิ่งที่ผิด
พร้อมคำแนะนำเมื่อช่วยได้ (สถานะออก 1)`,
	"Issue each unit its token and link, and list them as CSV": "ออกโทเค็นและลิงก์ให้ทุกหน่วย แล้วแสดงเป็น CSV",
	`Gives every unit of the list its token and tracked link and prints them as
CSV (code,type,name,district,token,link; UTF-8 with BOM for Excel).

Links are recorded in the campaign's ledger, which only grows: a link once
issued never changes for its unit, whatever later lists add, drop or reorder.
A refused unit list changes nothing on disk.`: `ออกโทเค็นและลิงก์ติดตามให้ทุกหน่วยในรายชื่อ แล้วแสดงเป็น CSV
(code,type,name,district,token,link; UTF-8 มี BOM เพื่อให้ Excel แสดงภาษาไทย)

ลิงก์บันทึกในทะเบียนลิงก์ของแคมเปญ ซึ่งมีแต่เพิ่มขึ้น: ลิงก์ที่ออกแล้วไม่เปลี่ยนอีก
ไม่ว่ารายชื่อภายหลังจะเพิ่ม ลด หรือสลับลำดับหน่วย
รายชื่อที่ไม่ผ่านการตรวจจะไม่เปลี่ยนแปลงไฟล์ใดเลย`,
	"Make every unit's poster and QR image, and each district's print file": "ทำโปสเตอร์และภาพ QR ของทุกหน่วย และไฟล์สั่งพิมพ์ของแต่ละอำเภอ",
	`Issues every unit its link (as prakat links does) and writes:

  OUT/<district>/<code>-<name>.pdf   the unit's A4 poster with its QR code
  OUT/<district>/<code>-qr.png       the QR code alone, for websites and social media
  OUT/<district>/<code>-social.png   a 1080×1080 picture for social media: the invitation, the QR code
  OUT/<district>/<code>-banner.png   a 1200×630 banner for the unit's website and link previews
  OUT/<district>/<code>-web.html     the banner linked to the unit's link, to paste into its website
  OUT/<district>/print-all.pdf       every poster of the district, for one print job
  OUT/<district>/<code>-<name>-A3.pdf  with print_formats: the poster as A3, A5 or tent,
  OUT/<district>/print-all-A3.pdf       and each district's print file in that format
  OUT/<district>/letter.pdf          the district's letter forwarding them to its units
  OUT/letters/circular.pdf           the province's circular, with its list of recipients
  OUT/letters/NN-<recipient>.pdf     a copy of it for each recipient
  OUT/manifest.csv                   code,type,name,district,token,link,poster,qr_level,qr,social,banner,web
  OUT/letters.csv                    recipient,district,file
  OUT/<district>.zip                 with --zip: the district's files and manifest, to send on

Every name, glyph and path is checked before any link is issued. OUT is built
beside its place and moved there whole: on any error, a kill or Ctrl-C, it
stays as it was, and the next run clears what was left. OUT keeps a record of
the files prakat made (.prakat-files); a folder holding any other file, or one
changed since, is refused, naming the files, never emptied. One run at a time
writes a folder.

A unit's emblem, logos/<code>.png or .jpg in the campaign folder (the folder
campaign.yaml names in logos:), is drawn on its poster and pictures; one that
cannot be read is named in a warning and the unit is made without it.`: `ออกลิงก์ให้ทุกหน่วย (เหมือน prakat links) แล้วเขียน:

  OUT/<district>/<code>-<name>.pdf   โปสเตอร์ A4 ของหน่วยพร้อม QR code
  OUT/<district>/<code>-qr.png       QR code อย่างเดียว สำหรับเว็บไซต์และสื่อสังคมออนไลน์
  OUT/<district>/<code>-social.png   ภาพ 1080×1080 สำหรับสื่อสังคมออนไลน์: คำเชิญชวนและ QR code
  OUT/<district>/<code>-banner.png   แบนเนอร์ 1200×630 สำหรับเว็บไซต์ของหน่วยและภาพตัวอย่างลิงก์
  OUT/<district>/<code>-web.html     แบนเนอร์ที่ลิงก์ไปยังลิงก์ของหน่วย สำหรับวางในเว็บไซต์ของหน่วย
  OUT/<district>/print-all.pdf       โปสเตอร์ทุกแผ่นของอำเภอ สั่งพิมพ์ครั้งเดียว
  OUT/<district>/<code>-<name>-A3.pdf  เมื่อตั้ง print_formats: โปสเตอร์ขนาด A3, A5 หรือป้ายตั้งโต๊ะ (tent)
  OUT/<district>/print-all-A3.pdf       และไฟล์พิมพ์รวมของอำเภอในขนาดนั้น
  OUT/<district>/letter.pdf          หนังสือของอำเภอส่งต่อถึงหน่วยในอำเภอ
  OUT/letters/circular.pdf           หนังสือเวียนของจังหวัด พร้อมบัญชีรายชื่อผู้รับ
  OUT/letters/NN-<recipient>.pdf     สำเนาสำหรับผู้รับแต่ละราย
  OUT/manifest.csv                   code,type,name,district,token,link,poster,qr_level,qr,social,banner,web
  OUT/letters.csv                    recipient,district,file
  OUT/<district>.zip                 เมื่อระบุ --zip: ไฟล์และบัญชีรายการของอำเภอ พร้อมส่งต่อ

ชื่อ ตัวอักษร และที่อยู่ไฟล์ทุกรายการถูกตรวจก่อนออกลิงก์ใด ๆ OUT สร้างไว้ข้างที่ของมัน
แล้วย้ายเข้าที่ทั้งชุด: หากเกิดข้อผิดพลาด ถูกปิดกลางคัน หรือกด Ctrl-C OUT ยังคงเหมือนเดิม
และครั้งถัดไปจะเก็บกวาดสิ่งที่ค้างไว้ OUT มีบันทึกรายการไฟล์ที่ prakat สร้าง (.prakat-files)
โฟลเดอร์ที่มีไฟล์อื่น หรือไฟล์ที่ถูกแก้ไขภายหลัง จะไม่ถูกใช้และไม่ถูกลบ โดยแจ้งชื่อไฟล์เหล่านั้น
เขียนโฟลเดอร์หนึ่งได้ทีละงานเท่านั้น

ตราของหน่วย logos/<รหัส>.png หรือ .jpg ในโฟลเดอร์แคมเปญ (โฟลเดอร์ที่ระบุใน logos: ของ campaign.yaml)
แสดงบนโปสเตอร์และภาพของหน่วย ตราที่อ่านไม่ได้จะแจ้งเป็นคำเตือน และทำไฟล์ของหน่วยนั้นโดยไม่มีตรา`,
	"Answer the posters' short links, counting scans per unit": "ตอบลิงก์สั้นบนโปสเตอร์ และนับการสแกนของแต่ละหน่วย",
	`Serves the campaign's short links: GET /<token> (in any case) answers a
temporary redirect, never cached, to the unit's survey address, computed from
the campaign's survey_url when the server starts, and records the scan before
answering: committed to the SQLite file FILE, or to the PostgreSQL database of
a postgres://user:password@host/db URL, which several servers may share, each
scan counted once. Link previews (LINE, Facebook, WhatsApp,
Telegram, X, Slack, search engines) and HEAD requests are redirected too but
recorded as robots, not scans. No address is stored: a keyed hash under a salt
deleted when its day ends counts visitors. Unknown tokens get a 404 page in Thai.

  GET /healthz       ok
  GET /api/stats     every unit's counts as JSON, with Authorization: Bearer <stats_token>
  GET /metrics       Prometheus metrics, with the same token; or on --metrics-addr without
  GET /dashboard     per district, the share of units scanned and those to remind, in Thai,
                     refreshed live, after signing in with the same token (a cookie)

Plain HTTP, for use behind a reverse proxy that speaks HTTPS; or HTTPS itself
with --tls-cert and --tls-key (read again when renewed), or with --acme-domain
for an office with a domain and no proxy: Let's Encrypt certificates, fetched
on port 443 (--addr 0.0.0.0:443) and kept in --acme-cache.

Stops gracefully on SIGINT or SIGTERM, finishing the requests under way.`: `ให้บริการลิงก์สั้นของแคมเปญ: GET /<token> (ตัวพิมพ์ใหญ่หรือเล็กก็ได้) ตอบด้วยการส่งต่อชั่วคราว
ที่ไม่ถูกแคช ไปยังที่อยู่แบบประเมินของหน่วย ซึ่งคำนวณจาก survey_url ของแคมเปญเมื่อเริ่มเซิร์ฟเวอร์
และบันทึกการสแกนให้เสร็จก่อนตอบ: ลงไฟล์ SQLite ชื่อ FILE หรือลงฐานข้อมูล PostgreSQL
ตาม URL แบบ postgres://user:password@host/db ซึ่งเซิร์ฟเวอร์หลายเครื่องใช้ร่วมกันได้
โดยนับการสแกนแต่ละครั้งเพียงครั้งเดียว การแสดงตัวอย่างลิงก์ (LINE, Facebook,
WhatsApp, Telegram, X, Slack, เครื่องมือค้นหา) และคำขอ HEAD ก็ถูกส่งต่อเช่นกัน แต่บันทึกเป็น
โรบอต ไม่นับเป็นการสแกน ไม่มีการเก็บที่อยู่ IP: ผู้สแกนนับด้วยค่าแฮชที่ใช้กุญแจซึ่งถูกลบเมื่อสิ้นวัน
โทเค็นที่ไม่รู้จักได้หน้า 404 ภาษาไทย

  GET /healthz       ok
  GET /api/stats     จำนวนของทุกหน่วยเป็น JSON เมื่อมี Authorization: Bearer <stats_token>
  GET /metrics       ค่าวัดสำหรับ Prometheus ด้วยโทเค็นเดียวกัน หรือที่ --metrics-addr โดยไม่ต้องใช้โทเค็น
  GET /dashboard     สัดส่วนหน่วยที่มีผู้สแกนของแต่ละอำเภอ และหน่วยที่ต้องติดตาม ปรับตัวเลขเองโดยไม่ต้องโหลดหน้าใหม่
                     หลังเข้าสู่ระบบด้วยโทเค็นเดียวกัน (เก็บเป็นคุกกี้)

ใช้ HTTP ธรรมดาเมื่ออยู่หลัง reverse proxy ที่ให้บริการ HTTPS หรือให้บริการ HTTPS เอง
ด้วย --tls-cert และ --tls-key (อ่านใหม่เมื่อมีการต่ออายุ) หรือด้วย --acme-domain
สำหรับสำนักงานที่มีโดเมนแต่ไม่มี proxy: ใบรับรองจาก Let's Encrypt ขอผ่านพอร์ต 443
(--addr 0.0.0.0:443) และเก็บไว้ใน --acme-cache

หยุดอย่างเรียบร้อยเมื่อได้รับ SIGINT หรือ SIGTERM หลังตอบคำขอที่ค้างอยู่เสร็จ`,
	"Report which units and districts reach citizens, and which need a reminder": "รายงานว่าหน่วยและอำเภอใดเผยแพร่ถึงประชาชนแล้ว และหน่วยใดต้องติดตาม",
	`Reads the scans prakat serve recorded (the SQLite file or the PostgreSQL
database --db names, read-only: a report can run beside the server) and
writes, for every unit of the list:
scans by people, estimated visitors, first and last scan, and per district the
same summed with the share of its units scanned at least once. Units never
scanned are marked for follow-up.

--responses takes the survey platform's export (Google Forms or LimeSurvey CSV,
or XLSX) with a column holding the unit's code or name, in any form a unit list
may hold it (อบต.บ้านแพ้ว, or a bare name beside a district column): responses
are counted per unit and district, and per scan. Responses that name no unit,
or a name several units share, are counted on the console and listed.

  DIR/report.csv                 code,name,district,scans,… (UTF-8 with BOM)
  DIR/report.xlsx                the same, with a sheet of districts
  DIR/report.html                one page in Thai, with a chart of districts; opens offline
  DIR/unmatched-responses.csv    the responses matched to no unit, and why

In Thai (--lang th or a Thai locale) the CSV and the workbook have Thai
headers, and dates as the campaign writes them (Buddhist era, Thai digits).`: `อ่านการสแกนที่ prakat serve บันทึกไว้ (ไฟล์ SQLite หรือฐานข้อมูล PostgreSQL ที่ --db ระบุ
อ่านอย่างเดียว: ออกรายงานได้ขณะเซิร์ฟเวอร์ทำงาน) แล้วเขียนข้อมูลของทุกหน่วยในรายชื่อ:
จำนวนสแกนโดยคน ผู้สแกนโดยประมาณ เวลาสแกนครั้งแรกและล่าสุด และของแต่ละอำเภอ: ผลรวมเดียวกัน พร้อมสัดส่วน
หน่วยที่มีผู้สแกนอย่างน้อยหนึ่งครั้ง หน่วยที่ยังไม่มีผู้สแกนจะมีเครื่องหมาย ต้องติดตาม

--responses รับไฟล์ส่งออกคำตอบของแบบประเมิน (CSV ของ Google Forms หรือ LimeSurvey
หรือ XLSX) ที่มีคอลัมน์รหัสหรือชื่อหน่วย เขียนแบบใดก็ได้ที่รายชื่อหน่วยรับ (อบต.บ้านแพ้ว
หรือชื่อเปล่าที่มีคอลัมน์อำเภออยู่ด้วย): นับคำตอบต่อหน่วย ต่ออำเภอ และต่อการสแกน
คำตอบที่ไม่ตรงกับหน่วยใด หรือชื่อที่ซ้ำกันหลายหน่วย จะแจ้งจำนวนบนหน้าจอและทำรายการไว้

  DIR/report.csv                 code,name,district,scans,… (UTF-8 มี BOM)
  DIR/report.xlsx                ข้อมูลเดียวกัน พร้อมแผ่นงานแยกตามอำเภอ
  DIR/report.html                หน้าเดียวภาษาไทย มีแผนภูมิของอำเภอ เปิดได้โดยไม่ต้องต่ออินเทอร์เน็ต
  DIR/unmatched-responses.csv    คำตอบที่จับคู่กับหน่วยไม่ได้ พร้อมเหตุผล

เมื่อใช้ภาษาไทย (--lang th หรือระบบตั้งเป็นภาษาไทย) CSV และสมุดงานมีหัวตารางภาษาไทย
และวันที่เขียนตามแบบของแคมเปญ (พุทธศักราช เลขไทย)`,
	"Run the whole job on the embedded Samut Sakhon example": "ทำงานทั้งหมดกับตัวอย่างจังหวัดสมุทรสาครที่มากับโปรแกรม",
	`Creates a campaign for the 38 units of Samut Sakhon in DIR/campaign (or reuses
the one a previous demo made, so its links stay the same) and generates
everything for it in DIR/output: each unit's poster and QR image, each
district's print file and the manifest. No files are needed.`: `สร้างแคมเปญสำหรับ 38 หน่วยของจังหวัดสมุทรสาครใน DIR/campaign (หรือใช้แคมเปญที่ตัวอย่าง
ครั้งก่อนสร้างไว้ ลิงก์จึงคงเดิม) แล้วทำทุกอย่างลงใน DIR/output: โปสเตอร์และภาพ QR
ของทุกหน่วย ไฟล์สั่งพิมพ์ของแต่ละอำเภอ และบัญชีรายการ ไม่ต้องเตรียมไฟล์ใด`,

	// Help: the flags.
	"language of messages: th or en (default: from the locale)":                         "ภาษาของข้อความ: th หรือ en (ค่าเริ่มต้น: ตามภาษาของระบบ)",
	"the unit list: CSV (UTF-8 or Windows-874) or XLSX":                                 "รายชื่อหน่วย: CSV (UTF-8 หรือ Windows-874) หรือ XLSX",
	"the unit list: CSV (UTF-8 or Windows-874) or XLSX (default: the campaign's units)": "รายชื่อหน่วย: CSV (UTF-8 หรือ Windows-874) หรือ XLSX (ค่าเริ่มต้น: รายชื่อของแคมเปญ)",
	"keep one province: its Thai name or 2-digit code":                                  "เลือกเฉพาะจังหวัดเดียว: ชื่อภาษาไทยหรือรหัส 2 หลัก",
	"the worksheet of an XLSX file (default: the first)":                                "แผ่นงานของไฟล์ XLSX (ค่าเริ่มต้น: แผ่นแรก)",
	"the campaign: DIR/campaign.yaml or DIR":                                            "แคมเปญ: โฟลเดอร์/campaign.yaml หรือโฟลเดอร์",
	"the survey's address (may hold {code} {token} {name} {district} {type})":           "ที่อยู่ของแบบประเมิน (ใส่ {code} {token} {name} {district} {type} ได้)",
	"the address prakat serve answers at, for redirect mode":                            "ที่อยู่ที่ prakat serve ให้บริการ สำหรับโหมด redirect",
	"redirect or direct (default: redirect with --short-base, else direct)":             "redirect หรือ direct (ค่าเริ่มต้น: redirect เมื่อระบุ --short-base มิฉะนั้น direct)",
	"the campaign's title (default: the DLA satisfaction survey)":                       "ชื่อแคมเปญ (ค่าเริ่มต้น: แบบประเมินความพึงพอใจของกรมส่งเสริมการปกครองท้องถิ่น)",
	"the province to take from the unit list":                                           "จังหวัดที่จะเลือกจากรายชื่อหน่วย",
	"the survey's closing date, YYYY-MM-DD":                                             "วันปิดแบบประเมิน เขียนเป็น ปปปป-ดด-วว (ค.ศ.)",
	"write the CSV to this file instead of standard output":                             "เขียน CSV ลงไฟล์นี้แทนการแสดงบนหน้าจอ",
	"the output folder":                                                         "โฟลเดอร์ผลลัพธ์",
	"posters made at once (default: one per CPU)":                               "จำนวนโปสเตอร์ที่ทำพร้อมกัน (ค่าเริ่มต้น: เท่าจำนวน CPU)",
	"print nothing but errors":                                                  "ไม่แสดงอะไรนอกจากข้อผิดพลาด",
	"also pack each district's files into OUT/<district>.zip":                   "รวมไฟล์ของแต่ละอำเภอเป็น OUT/<district>.zip ด้วย",
	"leave out the social-media pictures, banners and web snippets":             "ไม่ทำภาพสำหรับโซเชียลมีเดีย แบนเนอร์ และโค้ดสำหรับเว็บไซต์",
	"write a CPU profile of the run to this file":                               "บันทึกโปรไฟล์การใช้ CPU ของการทำงานลงในไฟล์นี้",
	"cannot write the profile":                                                  "เขียนไฟล์โปรไฟล์ไม่ได้",
	"answer HTTPS with this certificate chain (PEM)":                            "ตอบแบบ HTTPS ด้วยใบรับรองชุดนี้ (PEM)",
	"the private key of --tls-cert (PEM)":                                       "กุญแจส่วนตัวของ --tls-cert (PEM)",
	"answer HTTPS for this domain with Let's Encrypt certificates (repeatable)": "ตอบแบบ HTTPS สำหรับโดเมนนี้ด้วยใบรับรองจาก Let's Encrypt (ระบุซ้ำได้)",
	"the folder that keeps the Let's Encrypt account and certificates":          "โฟลเดอร์ที่เก็บบัญชีและใบรับรองของ Let's Encrypt",
	"cannot reach the PostgreSQL server: %s":                                    "ติดต่อเซิร์ฟเวอร์ PostgreSQL ไม่ได้: %s",
	"check the host, port, user, password and database in the URL, and that the server accepts connections from here": "ตรวจโฮสต์ พอร์ต ผู้ใช้ รหัสผ่าน และฐานข้อมูลใน URL และดูว่าเซิร์ฟเวอร์ยอมรับการเชื่อมต่อจากเครื่องนี้",
	"--tls-cert and --tls-key go together":                                         "ต้องระบุ --tls-cert และ --tls-key คู่กัน",
	"choose --tls-cert and --tls-key, or --acme-domain, not both":                  "เลือก --tls-cert กับ --tls-key หรือ --acme-domain อย่างใดอย่างหนึ่ง",
	"--acme-domain needs --acme-cache DIR, the folder that keeps its certificates": "--acme-domain ต้องมี --acme-cache DIR โฟลเดอร์ที่เก็บใบรับรอง",
	"cannot be used with the key %s: %v":                                           "ใช้คู่กับกุญแจ %s ไม่ได้: %v",
	"give --tls-cert the certificate chain (PEM) and --tls-key its private key":    "ให้ --tls-cert เป็นชุดใบรับรอง (PEM) และ --tls-key เป็นกุญแจส่วนตัวของใบรับรองนั้น",
	"serve /metrics on this address of its own, without the token":                 "ให้บริการ /metrics ที่ที่อยู่นี้แยกต่างหาก โดยไม่ต้องใช้โทเค็น",
	"metrics on http://%s/metrics":                                                 "ค่าวัดอยู่ที่ http://%s/metrics",
	"the SQLite file of scans (created if missing), or a postgres:// URL":          "ไฟล์ SQLite ที่บันทึกการสแกน (สร้างใหม่หากยังไม่มี) หรือ URL แบบ postgres://",
	"the address to listen on":                                                     "ที่อยู่ที่รอรับการเชื่อมต่อ",
	"the SQLite file or postgres:// URL prakat serve writes to":                    "ไฟล์ SQLite หรือ URL แบบ postgres:// ที่ prakat serve บันทึกลง",
	"the folder to write the report in":                                            "โฟลเดอร์ที่จะเขียนรายงาน",
	"the survey's response export, to count responses per unit":                    "ไฟล์ส่งออกคำตอบของแบบประเมิน เพื่อนับคำตอบของแต่ละหน่วย",
	"the folder to work in":                                                        "โฟลเดอร์ที่ใช้ทำงาน",

	// The report's columns, sheets and marks.
	"code":               "รหัส",
	"name":               "ชื่อ",
	"district":           "อำเภอ",
	"province":           "จังหวัด",
	"scans":              "สแกน",
	"visitors":           "ผู้สแกนโดยประมาณ",
	"robots":             "โรบอต",
	"first_scan":         "สแกนครั้งแรก",
	"last_scan":          "สแกนล่าสุด",
	"responses":          "คำตอบ",
	"responses_per_scan": "คำตอบต่อการสแกน",
	"follow_up":          "การติดตาม",
	"yes":                "ต้องติดตาม", // the follow_up mark
	"units":              "หน่วย",
	"districts":          "อำเภอ",
	"reached":            "หน่วยที่มีผู้สแกน",
	"share":              "สัดส่วน",

	// Survey responses matched to no unit.
	"no unit given":                       "ไม่ได้ระบุหน่วย",
	"no unit of the list has the code %s": "ไม่มีหน่วยใดในรายชื่อที่มีรหัส %s",
	"no unit of the list is named %q":     "ไม่มีหน่วยใดในรายชื่อชื่อ %q",
	"%q could be any of %d units: %s":     "%q อาจเป็นหน่วยใดก็ได้ใน %d หน่วยนี้: %s",
	"%s is in district %s, not %s":        "%s อยู่ในอำเภอ%s ไม่ใช่อำเภอ%s",
	"row":                                 "แถว",
	"unit as written":                     "หน่วยตามที่เขียน",
	"reason":                              "เหตุผล",
	"warning: %d responses name no unit of the list; they are listed in %s":                                                                          "คำเตือน: คำตอบ %d ชุดจับคู่กับหน่วยในรายชื่อไม่ได้ ดูรายการพร้อมเหตุผลได้ที่ %s",
	"warning: the district letters of %s are not made yet: they cite the province's letter, whose number and date letters.yaml does not give":        "คำเตือน: ยังไม่ได้จัดทำหนังสือของอำเภอใน%s เพราะหนังสือเหล่านั้นอ้างถึงหนังสือจังหวัด ซึ่ง letters.yaml ยังไม่ระบุเลขที่และวันที่",
	"once the province's letter is sent, fill province: number and sent in letters.yaml and run generate again; the posters and links stay the same": "เมื่อส่งหนังสือจังหวัดแล้ว ให้กรอก province: number และ sent ใน letters.yaml แล้วสั่ง generate อีกครั้ง โปสเตอร์และลิงก์จะคงเดิม",
	"{department_letter} has no value: the department's letter has no number or date":                                                                "{department_letter} ไม่มีค่า: ยังไม่ได้ระบุเลขที่หรือวันที่ของหนังสือกรม",
	"fill department: number and date in letters.yaml from the department's letter, e.g. number: \"มท ๐๘๑๐.๗/ว ๒๕๒๒\", date: 2021-10-29":             "กรอก department: number และ date ใน letters.yaml ตามหนังสือของกรม เช่น number: \"มท ๐๘๑๐.๗/ว ๒๕๒๒\", date: 2021-10-29",
	"the offices, the positions and the words of the letter must not be empty":                                                                       "ส่วนราชการ ตำแหน่ง และคำประจำของหนังสือต้องไม่ว่าง",
	"%s %q is not a date":          "%s %q ไม่ใช่วันที่",
	"name_up_to must be 1 or more": "name_up_to ต้องเป็น 1 ขึ้นไป",
	"warning: no closing date: set closing_date in %s before prakat generate":                                                  "คำเตือน: ยังไม่มีวันปิดแบบประเมิน: ตั้ง closing_date ใน %s ก่อนสั่ง prakat generate",
	"warning: the circular cites the department's letter: fill department: number and date in %s before prakat generate":       "คำเตือน: หนังสือเวียนอ้างถึงหนังสือของกรม: กรอก department: number และ date ใน %s ก่อนสั่ง prakat generate",
	"next: put your unit list in %s, then run: prakat generate --config %s --out OUT":                                          "ขั้นต่อไป: นำรายชื่อหน่วยของท่านไปไว้ที่ %s แล้วสั่ง prakat generate --config %s --out OUT",
	"the number of the department's letter the circular forwards, e.g. \"มท ๐๘๑๐.๗/ว ๒๕๒๒\"":                                   "เลขที่หนังสือของกรมที่หนังสือเวียนส่งต่อ เช่น \"มท ๐๘๑๐.๗/ว ๒๕๒๒\"",
	"the date of the department's letter, YYYY-MM-DD":                                                                          "วันที่ของหนังสือกรม ปปปป-ดด-วว (ค.ศ.)",
	"warning: letters.yaml gives the circular no number yet: its messages name it without one":                                 "คำเตือน: letters.yaml ยังไม่ระบุเลขที่หนังสือเวียน ข้อความที่ส่งจะอ้างถึงหนังสือโดยไม่มีเลขที่",
	"once the registry gives the circular its number, fill province: number and sent in letters.yaml, run generate, then send": "เมื่อได้เลขทะเบียนส่งแล้ว ให้กรอก province: number และ sent ใน letters.yaml สั่ง generate แล้วจึงส่ง",
	"stopped before the end (Ctrl-C); no file was left half-written":                                                           "หยุดก่อนเสร็จ (Ctrl-C) ไม่มีไฟล์ใดถูกเขียนค้างไว้ครึ่งทาง",
	"run the command again when you are ready: links already issued are kept in the ledger and stay the same":                  "สั่งคำสั่งเดิมอีกครั้งเมื่อพร้อม ลิงก์ที่ออกไปแล้วเก็บไว้ในทะเบียนลิงก์และจะคงเดิม",
	"closing_date %q has a Buddhist-era year":                                                                                  "closing_date %q ใช้ปี พ.ศ.",
	"%s %q has a Buddhist-era year":                                                                            "%s %q ใช้ปี พ.ศ.",
	"write the year in the Gregorian calendar (ค.ศ.): 2569 is 2026":                                            "เขียนปีเป็น ค.ศ. เช่น พ.ศ. 2569 คือ ค.ศ. 2026",
	"%s %s: the font has no glyph for %q":                                                                      "%s %s: แบบอักษรไม่มีตัวอักษร %q",
	"qr_level %q: want L, M, Q or H, optionally followed by exact":                                             "qr_level %q: ใช้ได้เฉพาะ L, M, Q หรือ H และอาจตามด้วย exact",
	"the level is the least: prakat raises it while the code stays as small; write e.g. \"M exact\" to pin it": "ระดับนี้เป็นระดับต่ำสุด ระบบจะเพิ่มให้ตราบที่ QR code ยังมีขนาดเท่าเดิม เขียน เช่น \"M exact\" เพื่อใช้ระดับนั้นพอดี",
	"print_formats: %q is not a print format":                                                                  "print_formats: %q ไม่ใช่ขนาดที่พิมพ์ได้",
	"the formats are A4, A3, A5 and tent":                                                                      "ขนาดที่ใช้ได้คือ A4, A3, A5 และ tent",
	// Sending by e-mail.
	"write the office's name and its saraban mailbox, e.g. \"สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด <saraban@example.go.th>\"": "เขียนชื่อหน่วยงานและกล่องสารบรรณ เช่น \"สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด <saraban@example.go.th>\"",
	"attachment_limit_mb must be more than 0":                                                            "attachment_limit_mb ต้องมากกว่า 0",
	"mail_rate must be 0 or more (messages a second; 0 sends without a pause)":                           "mail_rate ต้องเป็น 0 ขึ้นไป (จำนวนอีเมลต่อวินาที 0 คือส่งโดยไม่หน่วง)",
	"write smtp://USER@HOST:587 (STARTTLS) or smtps://USER@HOST:465; a user name with @ is written %%40": "เขียน smtp://ผู้ใช้@โฮสต์:587 (STARTTLS) หรือ smtps://ผู้ใช้@โฮสต์:465 ชื่อผู้ใช้ที่มี @ ให้เขียน %%40",
	"smtp holds a password": "smtp มีรหัสผ่านอยู่ด้วย",
	"take it out: prakat send asks for it, or reads PRAKAT_SMTP_PASSWORD":         "ลบรหัสผ่านออก prakat send จะถามเมื่อส่ง หรืออ่านจาก PRAKAT_SMTP_PASSWORD",
	"smtp %q: the port must be a number from 1 to 65535":                          "smtp %q: พอร์ตต้องเป็นตัวเลข 1 ถึง 65535",
	"smtp %q is not a mail server address":                                        "smtp %q ไม่ใช่ที่อยู่ของเซิร์ฟเวอร์อีเมล",
	"warning: %s was not brought up to date: %s":                                  "คำเตือน: ไม่ได้ปรับ %s ให้ตรงกับรายชื่อ: %s",
	"%s: %d recipients; fill in their e-mail addresses before prakat send":        "%s: ผู้รับ %d ราย กรอกที่อยู่อีเมลก่อนสั่ง prakat send",
	"cannot read the mail template":                                               "อ่านแม่แบบอีเมลไม่ได้",
	"fix mail_template in campaign.yaml, or empty it to use the built-in wording": "แก้ mail_template ใน campaign.yaml หรือเว้นว่างไว้เพื่อใช้ถ้อยคำที่มากับโปรแกรม",
	"send needs --config DIR/campaign.yaml and --out OUT":                         "send ต้องระบุ --config โฟลเดอร์/campaign.yaml และ --out OUT",
	"mail_from is empty: the messages need a sender":                              "mail_from ว่างอยู่: อีเมลต้องมีผู้ส่ง",
	"set mail_from in campaign.yaml, e.g. mail_from: \"สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด <saraban@example.go.th>\"": "ตั้ง mail_from ใน campaign.yaml เช่น mail_from: \"สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด <saraban@example.go.th>\"",
	"mail_from %q is not an e-mail address":         "mail_from %q ไม่ใช่ที่อยู่อีเมล",
	"smtp is empty: no mail server to send through": "smtp ว่างอยู่: ไม่มีเซิร์ฟเวอร์อีเมลสำหรับส่ง",
	"set smtp in campaign.yaml, e.g. smtp: smtp://saraban%%40example.go.th@mail.example.go.th:587; or review with --dry-run": "ตั้ง smtp ใน campaign.yaml เช่น smtp: smtp://saraban%%40example.go.th@mail.example.go.th:587 หรือตรวจดูก่อนด้วย --dry-run",
	"refused: %s: %s is %.1f MB, more than attachment_limit_mb (%.1f MB); not sent to %s":                                    "ไม่ส่ง: %s: %s มีขนาด %.1f MB เกิน attachment_limit_mb (%.1f MB) จึงไม่ได้ส่งถึง %s",
	"no address: %s: %s (%s)": "ไม่มีที่อยู่อีเมล: %s: %s (%s)",
	"fill their addresses into %s (the email column) and run prakat send again":                                                           "กรอกที่อยู่ลงใน %s (คอลัมน์ email) แล้วสั่ง prakat send อีกครั้ง",
	"raise attachment_limit_mb in campaign.yaml if the recipients' mailboxes take larger files, or send those files another way":          "เพิ่ม attachment_limit_mb ใน campaign.yaml หากกล่องอีเมลของผู้รับรับไฟล์ใหญ่กว่านี้ได้ หรือส่งไฟล์เหล่านั้นทางอื่น",
	"nothing to send: %d messages were sent before, %d recipients have no address":                                                        "ไม่มีอีเมลที่ต้องส่ง: ส่งไปแล้วก่อนหน้านี้ %d ฉบับ ผู้รับ %d รายยังไม่มีที่อยู่อีเมล",
	"cannot send through the mail server: %s":                                                                                             "ส่งผ่านเซิร์ฟเวอร์อีเมลไม่ได้: %s",
	"check smtp in campaign.yaml (the host, the port, the user) and the password; STARTTLS is required unless the server is this machine": "ตรวจ smtp ใน campaign.yaml (โฮสต์ พอร์ต ผู้ใช้) และรหัสผ่าน ต้องใช้ STARTTLS เว้นแต่เซิร์ฟเวอร์อยู่ในเครื่องนี้",
	"not sent: %s: %s <%s>":   "ยังไม่ได้ส่ง: %s: %s <%s>",
	"sent: %s: %s <%s>":       "ส่งแล้ว: %s: %s <%s>",
	"failed: %s: %s <%s>: %s": "ส่งไม่สำเร็จ: %s: %s <%s>: %s",
	"stopped: %d messages not sent; run prakat send again to send them":                                            "หยุดแล้ว: ยังไม่ได้ส่ง %d ฉบับ สั่ง prakat send อีกครั้งเพื่อส่งที่เหลือ",
	"sent %d messages, %d failed; %d were sent before":                                                             "ส่งแล้ว %d ฉบับ ไม่สำเร็จ %d ฉบับ ส่งไปก่อนหน้านี้ %d ฉบับ",
	"%d messages were not sent":                                                                                    "ยังไม่ได้ส่ง %d ฉบับ",
	"the send log records why; correct it and run prakat send again: it sends only what was not sent":              "บันทึกการส่งระบุสาเหตุไว้ แก้ไขแล้วสั่ง prakat send อีกครั้ง ระบบจะส่งเฉพาะฉบับที่ยังไม่ได้ส่ง",
	"password for %s at %s: ":                                                                                      "รหัสผ่านของ %s ที่ %s: ",
	"the mail server needs the password of %s":                                                                     "เซิร์ฟเวอร์อีเมลต้องการรหัสผ่านของ %s",
	"set %s, or run prakat send on a terminal to be asked":                                                         "ตั้งตัวแปร %s หรือสั่ง prakat send ในหน้าต่างคำสั่งเพื่อให้ระบบถาม",
	"choose another folder with --outbox":                                                                          "เลือกโฟลเดอร์อื่นด้วย --outbox",
	"holds files other than .eml messages; nothing was written":                                                    "มีไฟล์อื่นนอกจากอีเมล .eml จึงไม่ได้เขียนสิ่งใด",
	"dry run: %d messages written to %s for review, none sent; %d were sent before, %d recipients have no address": "ทดลอง: เขียนอีเมล %d ฉบับไว้ที่ %s ให้ตรวจดู ยังไม่ได้ส่ง ส่งไปก่อนหน้านี้ %d ฉบับ ผู้รับ %d รายยังไม่มีที่อยู่อีเมล",
	"--to %q: want province, districts or units, separated by commas":                                              "--to %q: ใช้ได้เฉพาะ province, districts หรือ units คั่นด้วยจุลภาค",
	"give the campaign the value, or take the placeholder out of mail.yaml":                                        "ใส่ค่านั้นในแคมเปญ หรือลบช่องแทนค่านั้นออกจาก mail.yaml",
	"%s: subject and body must not be empty":                                                                       "%s: subject และ body ต้องไม่ว่าง",
	"copy them from the built-in mail.yaml, or empty mail_template in campaign.yaml":                               "คัดลอกจาก mail.yaml ที่มากับโปรแกรม หรือเว้นว่าง mail_template ใน campaign.yaml",
	"%s: the subject must be one line":                                                                             "%s: subject ต้องมีบรรทัดเดียว",
	"%s: %q is not an e-mail address":                                                                              "%s: %q ไม่ใช่ที่อยู่อีเมล",
	"%s is listed twice":                                                                                           "%s มีซ้ำสองแถว",
	"keep one row for each recipient":                                                                              "ให้ผู้รับแต่ละรายมีแถวเดียว",
	"no recipient and email columns in the header row":                                                             "แถวหัวตารางไม่มีคอลัมน์ recipient และ email",
	"the header row is recipient,email,name; prakat generate writes the file afresh if you delete it":              "แถวหัวตารางคือ recipient,email,name หากลบไฟล์นี้ prakat generate จะเขียนให้ใหม่",
	"prakat: contacts.csv was refused; nothing was sent":                                                           "prakat: contacts.csv ใช้ไม่ได้ ยังไม่ได้ส่งสิ่งใด",
	"the send log is written by prakat only; restore it from a backup, or remove the damaged lines":                "บันทึกการส่งเขียนโดย prakat เท่านั้น ให้กู้คืนจากสำเนา หรือลบบรรทัดที่เสียหายออก",
	"not a prakat send log (header %q)":                                                                            "ไม่ใช่บันทึกการส่งของ prakat (หัวตาราง %q)",
	"damaged send log line":                                                                                        "บรรทัดของบันทึกการส่งเสียหาย",
	"another prakat send is running for this campaign":                                                             "มี prakat send อีกงานหนึ่งกำลังส่งของแคมเปญนี้อยู่",
	"no district bundle here":                                                                                      "ไม่มีชุดเอกสารของอำเภอที่นี่",
	"make the bundles with: prakat generate --zip":                                                                 "สร้างชุดเอกสารด้วย prakat generate --zip",
	"is missing": "ไม่มีไฟล์นี้",
	"is missing: %s is not a folder prakat generate made": "ไม่มีไฟล์นี้: %s ไม่ใช่โฟลเดอร์ที่ prakat generate สร้าง",
	"give --out the folder prakat generate wrote":         "ระบุ --out เป็นโฟลเดอร์ที่ prakat generate เขียนไว้",
	"is empty":                             "ว่างเปล่า",
	"run prakat generate again, then send": "สั่ง prakat generate อีกครั้ง แล้วจึงส่ง",
	"does not match the campaign's unit list and letters":             "ไม่ตรงกับรายชื่อหน่วยและหนังสือของแคมเปญ",
	"%q is not an e-mail address; the unit is treated as having none": "%q ไม่ใช่ที่อยู่อีเมล จึงถือว่าหน่วยนี้ยังไม่มีที่อยู่อีเมล",
	"write one address, e.g. saraban@example.go.th":                   "เขียนที่อยู่เดียว เช่น saraban@example.go.th",
	"Send the circulars and bundles by e-mail, each recipient once":   "ส่งหนังสือเวียนและชุดเอกสารทางอีเมล ผู้รับแต่ละรายครั้งเดียว",
	"write the messages as .eml files for review; send nothing":       "เขียนอีเมลเป็นไฟล์ .eml ให้ตรวจดู ไม่ส่งจริง",
	"the folder prakat generate wrote":                                "โฟลเดอร์ที่ prakat generate เขียนไว้",
	"the folder --dry-run writes (default: outbox in the campaign)":   "โฟลเดอร์ที่ --dry-run เขียน (ค่าเริ่มต้น: outbox ในแคมเปญ)",
	"what to send: province, districts, units, separated by commas":   "สิ่งที่จะส่ง: province, districts, units คั่นด้วยจุลภาค",
	"Sends by e-mail what prakat generate wrote into OUT:\n\n  province    each district chief and each unit the province writes to\n              directly: its copy of the circular (PDF, and the Word copy)\n  districts   each district chief: the district's bundle OUT/<district>.zip\n              (made by prakat generate --zip)\n  units       each unit: its poster, QR image, pictures and web snippet\n\nThe addresses come from contacts.csv in the campaign (recipient,email; prakat\ninit and generate write it with every recipient), else from an e-mail column\nof the unit list. Recipients without an address are listed, not sent to.\nThe wording is mail.yaml (mail_template in campaign.yaml); the sender is\nmail_from, the server smtp (smtp://USER@HOST:587 with STARTTLS, required\nunless the server is this machine; smtps://USER@HOST:465 for TLS). The\npassword is read from PRAKAT_SMTP_PASSWORD or asked on the terminal, never\nstored.\n\nEvery message is written to the send log (sent.csv in the campaign) as soon\nas the server accepts or refuses it. A run sends only what the log does not\nhold as sent with the same files: run it again after a failure or a stop to\nsend the rest, and after generate to send what changed. --dry-run writes each\nmessage as an .eml file into the outbox folder for review and sends nothing.": "ส่งสิ่งที่ prakat generate เขียนไว้ใน OUT ทางอีเมล:\n\n  province    นายอำเภอทุกอำเภอและหน่วยที่จังหวัดมีหนังสือถึงโดยตรง:\n              สำเนาหนังสือเวียนของแต่ละราย (PDF และไฟล์ Word)\n  districts   นายอำเภอ: ชุดเอกสารของอำเภอ OUT/<อำเภอ>.zip\n              (สร้างด้วย prakat generate --zip)\n  units       แต่ละหน่วย: โปสเตอร์ ภาพ QR ภาพประชาสัมพันธ์ และโค้ดสำหรับเว็บไซต์ของหน่วย\n\nที่อยู่อีเมลมาจาก contacts.csv ในแคมเปญ (recipient,email ซึ่ง prakat init และ\ngenerate เขียนให้พร้อมรายชื่อผู้รับทุกราย) หรือจากคอลัมน์อีเมลของรายชื่อหน่วย\nผู้รับที่ไม่มีที่อยู่จะแสดงรายชื่อไว้และไม่ได้รับอีเมล\nถ้อยคำอยู่ใน mail.yaml (mail_template ใน campaign.yaml) ผู้ส่งคือ mail_from\nเซิร์ฟเวอร์คือ smtp (smtp://ผู้ใช้@โฮสต์:587 ใช้ STARTTLS ซึ่งจำเป็นเว้นแต่\nเซิร์ฟเวอร์อยู่ในเครื่องนี้ หรือ smtps://ผู้ใช้@โฮสต์:465 สำหรับ TLS) รหัสผ่านอ่านจาก\nPRAKAT_SMTP_PASSWORD หรือถามในหน้าต่างคำสั่ง และไม่เก็บไว้ที่ใด\n\nอีเมลทุกฉบับบันทึกลงบันทึกการส่ง (sent.csv ในแคมเปญ) ทันทีที่เซิร์ฟเวอร์รับหรือ\nปฏิเสธ การสั่งแต่ละครั้งส่งเฉพาะฉบับที่บันทึกยังไม่มีว่าส่งแล้วด้วยไฟล์ชุดเดียวกัน:\nสั่งอีกครั้งหลังส่งไม่สำเร็จหรือหยุดกลางคันเพื่อส่งที่เหลือ และหลัง generate เพื่อส่ง\nสิ่งที่เปลี่ยน --dry-run เขียนอีเมลแต่ละฉบับเป็นไฟล์ .eml ในโฟลเดอร์ outbox\nให้ตรวจดูโดยไม่ส่งจริง",
}
