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
	"github.com/prakat/prakat/internal/email/smtptest"
	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

func TestMain(m *testing.M) {
	// The test binary is prakat itself when a test runs it as a process
	// of its own (to kill it midway).
	if os.Getenv("PRAKAT_TEST_AS_MAIN") == "1" {
		os.Exit(cli.Main())
	}
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
			// A mail server for send.txtar: STARTTLS with a certificate
			// the script's prakat trusts, AUTH PLAIN.
			srv, err := smtptest.New(smtptest.Options{TLS: true, User: "saraban", Password: "ลับ-123"})
			if err != nil {
				return err
			}
			env.Defer(srv.Close)
			cert := filepath.Join(env.WorkDir, "mail-ca.pem")
			if err := os.WriteFile(cert, srv.CertPEM, 0o644); err != nil {
				return err
			}
			env.Setenv("SSL_CERT_FILE", cert)
			env.Setenv("SMTP_ADDR", srv.Addr)
			env.Values["mail"] = srv
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"to874":      cmdTo874,
			"toxlsx":     cmdToXLSX,
			"treesum":    cmdTreeSum,
			"sametokens": cmdSameTokens,
			"csvrows":    cmdCSVRows,
			"exits":      cmdExits,
			"mailbox":    cmdMailbox,
			"replace":    cmdReplace,
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

// mailbox N checks that the script's mail server accepted N messages in
// all, each to a distinct recipient and subject, and that every attachment
// is byte for byte a file of the folder OUT given as the second argument.
func cmdMailbox(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: mailbox N OUT")
	}
	srv := ts.Value("mail").(*smtptest.Server)
	msgs := srv.Messages()
	want, _ := strconv.Atoi(args[0])
	if (len(msgs) == want) == neg {
		ts.Fatalf("the mail server holds %d messages; want %d", len(msgs), want)
	}
	seen := map[string]bool{}
	for _, m := range msgs {
		p, err := smtptest.Parse(m.Data)
		ts.Check(err)
		key := p.To.Address + " " + p.Subject
		if seen[key] {
			ts.Fatalf("%s received %q twice", p.To.Address, p.Subject)
		}
		seen[key] = true
		for name, data := range p.Attachments {
			var found bool
			filepath.WalkDir(ts.MkAbs(args[1]), func(path string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() && d.Name() == name {
					b, _ := os.ReadFile(path)
					found = found || bytes.Equal(b, data)
				}
				return nil
			})
			if !found {
				ts.Fatalf("%s: attachment %s is not a file of %s", key, name, args[1])
			}
		}
	}
}

// replace FILE OLD NEW replaces the first OLD in FILE by NEW; $SMTP_ADDR
// and other variables are expanded in both.
func cmdReplace(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: replace file old new")
	}
	data := ts.ReadFile(args[0])
	if !strings.Contains(data, args[1]) {
		ts.Fatalf("%s has no %q", args[0], args[1])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Replace(data, args[1], args[2], 1)), 0o644))
}
