package roster

import (
	"bytes"
	"strings"

	"github.com/prakat/prakat/internal/messages"
	"github.com/xuri/excelize/v2"
)

// xlsxRows reads the named sheet (the first when empty) of a workbook.
// Cells come raw, so a code stored as a number reads 2740101, not 2.74E+06.
func xlsxRows(name string, data []byte, sheet string) ([]sheetRow, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		RawCellValue:      true,
		UnzipSizeLimit:    256 << 20,
		UnzipXMLSizeLimit: 64 << 20,
	})
	if err != nil {
		return nil, fileProblem(name, 0, messages.T("not a readable XLSX workbook (%v)", err),
			messages.T("open it in Excel and save it again as .xlsx or CSV"))
	}
	defer f.Close()
	sheets := f.GetSheetList()
	if len(sheets) == 0 {
		return nil, fileProblem(name, 0, messages.T("the workbook has no sheets"),
			messages.T("save the list again from Excel, as a workbook (.xlsx) or as CSV"))
	}
	if sheet == "" {
		sheet = sheets[0]
	} else if i, err := f.GetSheetIndex(sheet); err != nil || i < 0 {
		return nil, fileProblem(name, 0, messages.T("no sheet named %q", sheet),
			messages.T("the sheets are: %s", strings.Join(sheets, ", ")))
	}
	rs, err := f.GetRows(sheet)
	if err != nil {
		return nil, fileProblem(name, 0, messages.T("cannot read sheet %q (%v)", sheet, err),
			messages.T("save the list again from Excel, as a workbook (.xlsx) or as CSV"))
	}
	rows := make([]sheetRow, 0, len(rs))
	for i, cells := range rs {
		rows = append(rows, sheetRow{n: i + 1, cells: cells})
	}
	return rows, nil
}
