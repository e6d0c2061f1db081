package cli

import (
	"errors"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Mistakes in the command line are usage errors (exit 2) told in the
// user's language, whatever cobra or pflag call them.
func TestUsageErrors(t *testing.T) {
	th := map[string]string{"LANG": "th_TH.UTF-8"}
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want []string
	}{
		{nil, []string{"genrate"}, []string{`unknown command "genrate" for "prakat"`, "hint: did you mean generate?", "Run 'prakat --help'"}},
		{th, []string{"genrate"}, []string{`ไม่รู้จักคำสั่ง "genrate" ของ "prakat"`, "คำแนะนำ: หมายถึง generate หรือไม่", "ดูวิธีใช้"}},
		{nil, []string{"help", "nosuch"}, []string{`unknown command "nosuch" for "prakat"`}},
		{th, []string{"help", "nosuch"}, []string{`ไม่รู้จักคำสั่ง "nosuch"`}},
		{nil, []string{"validate", "--no-such-flag"}, []string{`unknown flag --no-such-flag for "prakat validate"`}},
		{th, []string{"validate", "--no-such-flag"}, []string{`ไม่รู้จักตัวเลือก --no-such-flag ของ "prakat validate"`}},
		{th, []string{"generate", "-qx"}, []string{`ไม่รู้จักตัวเลือก -x ของ "prakat generate"`}},
		{th, []string{"validate", "--units"}, []string{"--units ต้องระบุค่า"}},
		{nil, []string{"generate", "--jobs", "many"}, []string{`--jobs "many": want a whole number`}},
		{th, []string{"generate", "--jobs", "many"}, []string{`--jobs "many": ต้องเป็นจำนวนเต็ม`}},
		{th, []string{"generate", "--zip=perhaps"}, []string{`--zip "perhaps": ต้องเป็น true หรือ false`}},
		{th, []string{"--lang", "th", "validate"}, []string{"validate ต้องระบุ --units ไฟล์"}},
	} {
		code, stdout, stderr := run(t, tt.env, tt.args...)
		if code != exitUsage {
			t.Errorf("%v: exit %d; want %d\n%s", tt.args, code, exitUsage, stderr)
		}
		for _, w := range tt.want {
			if !strings.Contains(stderr, w) {
				t.Errorf("%v: stderr lacks %q:\n%s", tt.args, w, stderr)
			}
		}
		if stdout != "" {
			t.Errorf("%v: stdout %q", tt.args, stdout)
		}
	}
}

// A port another program holds is reported as such, in Thai, with a hint;
// the error is the real one the system gives.
func TestServeAddressInUse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	dir := t.TempDir()
	camp := filepath.Join(dir, "camp")
	if code, _, stderr := run(t, nil, "init", camp, "--survey-url", "https://survey.example.go.th/s", "--short-base", "https://s.example.go.th"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := run(t, nil, "links", "--config", camp); code != 0 {
		t.Fatal(stderr)
	}
	addr := ln.Addr().String()
	code, _, stderr := run(t, nil, "serve", "--config", camp, "--db", filepath.Join(dir, "scans.db"), "--addr", addr, "--lang", "th")
	if code != exitInput {
		t.Errorf("exit %d; want %d", code, exitInput)
	}
	for _, want := range []string{"ที่อยู่ " + addr + " มีโปรแกรมอื่นใช้อยู่แล้ว", "คำแนะนำ: ", "--addr"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
}

// A full disk is told by its error number, wherever it is wrapped, and the
// file named; other errors pass unchanged.
func TestDiskFull(t *testing.T) {
	// /dev/full answers every write with ENOSPC, as a full disk does.
	var full error = &fs.PathError{Op: "write", Path: "report/report.csv", Err: syscall.ENOSPC}
	if f, err := os.OpenFile("/dev/full", os.O_WRONLY, 0); err == nil {
		_, werr := f.Write([]byte("x"))
		f.Close()
		if werr != nil {
			full = werr
		}
	}
	if !errors.Is(full, syscall.ENOSPC) {
		t.Fatalf("%v is not ENOSPC", full)
	}
	var pe *fs.PathError
	errors.As(full, &pe)
	for _, tt := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"prakat: " + pe.Path + ": the disk is full", "hint: free some space"}},
		{"th", []string{"prakat: " + pe.Path + ": ดิสก์เต็ม", "คำแนะนำ: ลบไฟล์ที่ไม่ใช้"}},
	} {
		var errb strings.Builder
		e := &env{IO: IO{Err: &errb, Env: func(string) string { return "" }, Locale: func() string { return "" }}, lang: tt.lang}
		e.p = e.printer()
		if code := e.report(wrap(full)); code != exitInput {
			t.Errorf("exit %d", code)
		}
		for _, w := range tt.want {
			if !strings.Contains(errb.String(), w) {
				t.Errorf("%s: %q lacks %q", tt.lang, errb.String(), w)
			}
		}
	}
	if systemError(errors.New("something else")) != nil {
		t.Error("an ordinary error was taken for a system one")
	}
}

type wrapped struct{ err error }

func (w wrapped) Error() string { return "writing the report: " + w.err.Error() }
func (w wrapped) Unwrap() error { return w.err }

func wrap(err error) error { return wrapped{err} }

// On Windows no LANG is set: the user's locale, as the system keeps it,
// chooses Thai.
func TestLanguageFromSystemLocale(t *testing.T) {
	for _, tt := range []struct {
		env    map[string]string
		locale string
		want   string
	}{
		{nil, "th-TH", "ต้องระบุ"},
		{nil, "en-US", "validate needs --units FILE"},
		{map[string]string{"LANG": "en_US.UTF-8"}, "th-TH", "validate needs --units FILE"},
	} {
		var out, errb strings.Builder
		code := Run([]string{"validate"}, IO{In: strings.NewReader(""), Out: &out, Err: &errb,
			Env: func(k string) string { return tt.env[k] }, Locale: func() string { return tt.locale }})
		if code != exitUsage || !strings.Contains(errb.String(), tt.want) {
			t.Errorf("env %v locale %q: exit %d, %q; want %q", tt.env, tt.locale, code, errb.String(), tt.want)
		}
	}
}
