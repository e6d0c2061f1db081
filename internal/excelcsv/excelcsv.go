// Package excelcsv writes CSV that Excel on a Thai office PC opens right:
// UTF-8 with a byte-order mark, so Thai is not read as Windows-874, and
// cells that Excel would run as a formula neutralised.
package excelcsv

import (
	"encoding/csv"
	"io"
)

// Writer writes records; the BOM goes out before the first one.
type Writer struct {
	w       io.Writer
	cw      *csv.Writer
	started bool
	err     error
}

// NewWriter returns a Writer on w.
func NewWriter(w io.Writer) *Writer {
	return &Writer{w: w, cw: csv.NewWriter(w)}
}

// Write writes one record.
func (w *Writer) Write(record []string) error {
	if w.err != nil {
		return w.err
	}
	if !w.started {
		w.started = true
		if _, w.err = io.WriteString(w.w, "\ufeff"); w.err != nil {
			return w.err
		}
	}
	safe := make([]string, len(record))
	for i, c := range record {
		safe[i] = Neutralise(c)
	}
	w.err = w.cw.Write(safe)
	return w.err
}

// Flush writes out buffered records and reports any error so far.
func (w *Writer) Flush() error {
	w.cw.Flush()
	if w.err != nil {
		return w.err
	}
	return w.cw.Error()
}

// Neutralise prefixes a cell that Excel would take as a formula (it begins
// with = + - @, a tab or a carriage return) with an apostrophe, so a name
// in the list can never run as a formula on a clerk's PC.
func Neutralise(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}
