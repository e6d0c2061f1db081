package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/prakat/prakat/internal/cli"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"prakat": func() { os.Exit(cli.Main()) },
	})
}

// TestScripts runs the CLI as a user would: testdata/script/*.txtar.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 filepath.Join("testdata", "script"),
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("LANG", "C.UTF-8")
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"to874":      cmdTo874,
			"toxlsx":     cmdToXLSX,
			"treesum":    cmdTreeSum,
			"sametokens": cmdSameTokens,
			"csvrows":    cmdCSVRows,
			"exits":      cmdExits,
		},
	})
}

// to874 SRC DST encodes a UTF-8 file as Windows-874, as Thai Excel saves CSV.
func cmdTo874(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: to874 src dst")
	}
	out, err := charmap.Windows874.NewEncoder().Bytes([]byte(ts.ReadFile(args[0])))
	ts.Check(err)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), out, 0o644))
}

// toxlsx SRC DST [TITLE] writes a CSV into the first sheet of a workbook,
// below a title row and a blank row when TITLE is given; cells that are
// whole numbers are stored as numbers, as Excel stores typed codes.
func cmdToXLSX(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: toxlsx src dst [title]")
	}
	recs, err := csv.NewReader(strings.NewReader(ts.ReadFile(args[0]))).ReadAll()
	ts.Check(err)
	f := excelize.NewFile()
	sheet := f.GetSheetName(0)
	first := 1
	if len(args) > 2 {
		ts.Check(f.SetCellValue(sheet, "A1", args[2]))
		first = 3
	}
	for r, rec := range recs {
		for c, v := range rec {
			cell, _ := excelize.CoordinatesToCellName(c+1, first+r)
			var val any = v
			if n, err := strconv.Atoi(v); err == nil && r > 0 {
				val = n
			}
			ts.Check(f.SetCellValue(sheet, cell, val))
		}
	}
	var buf bytes.Buffer
	ts.Check(f.Write(&buf))
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), buf.Bytes(), 0o644))
}

// treesum DIR OUT lists every file below DIR with its mode and a hash of its
// bytes, so a script can show a folder is byte-for-byte unchanged.
func cmdTreeSum(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: treesum dir out")
	}
	root := ts.MkAbs(args[0])
	var lines []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		line := rel + " " + info.Mode().String()
		if !d.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			line += fmt.Sprintf(" %x", sha256.Sum256(data))
		}
		lines = append(lines, line)
		return nil
	})
	ts.Check(err)
	sort.Strings(lines)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(strings.Join(lines, "\n")+"\n"), 0o644))
}

func readLinks(ts *testscript.TestScript, name string) map[string][2]string {
	text := strings.TrimPrefix(ts.ReadFile(name), "\ufeff")
	recs, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	ts.Check(err)
	if len(recs) == 0 || strings.Join(recs[0], ",") != "code,type,name,district,token,link" {
		ts.Fatalf("%s: not a links CSV", name)
	}
	m := map[string][2]string{}
	for _, r := range recs[1:] {
		m[r[0]] = [2]string{r[4], r[5]}
	}
	return m
}

// sametokens A B [B...] checks that every code in both files has the same
// token and link, and that no token is given to two codes.
func cmdSameTokens(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: sametokens a.csv b.csv...")
	}
	base := readLinks(ts, args[0])
	for _, other := range args[1:] {
		owner := map[string]string{}
		for code, tl := range readLinks(ts, other) {
			if was, ok := base[code]; ok && was != tl {
				ts.Fatalf("%s: %s has %v; %s had %v", other, code, tl, args[0], was)
			}
			if o, ok := owner[tl[0]]; ok {
				ts.Fatalf("%s: token %s given to %s and %s", other, tl[0], o, code)
			}
			owner[tl[0]] = code
		}
	}
}

// csvrows FILE N checks that a CSV file has N records after its header.
func cmdCSVRows(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: csvrows file n")
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(ts.ReadFile(args[0]), "\ufeff"))).ReadAll()
	ts.Check(err)
	if want, _ := strconv.Atoi(args[1]); len(recs)-1 != want {
		ts.Fatalf("%s has %d rows; want %d", args[0], len(recs)-1, want)
	}
}

// exits N PROG ARGS... runs a command and checks its exit status is N: a
// refused input is 1, a usage error 2.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 {
		ts.Fatalf("usage: exits n prog args...")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	cmd := exec.Command(args[1], args[2:]...)
	cmd.Dir = ts.Getenv("WORK")
	for _, kv := range []string{"PATH", "HOME", "LANG", "TMPDIR"} {
		cmd.Env = append(cmd.Env, kv+"="+ts.Getenv(kv))
	}
	err = cmd.Run()
	got := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		got = ee.ExitCode()
	} else if err != nil {
		ts.Fatalf("%v", err)
	}
	if got != want {
		ts.Fatalf("%s exited %d; want %d", strings.Join(args[1:], " "), got, want)
	}
}
