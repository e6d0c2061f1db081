package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/prakat/prakat/internal/cli"
)

// buildPrakat builds the command into dir, for tests that need a process
// of its own to kill.
func buildPrakat(t *testing.T, dir string) string {
	t.Helper()
	bin := filepath.Join(dir, "prakat")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// bigList writes a unit list long enough for a run to be killed part way:
// 20 districts of 99 SAOs each.
func bigList(t *testing.T, path string) int {
	t.Helper()
	districts := []string{"เมืองสมุทรสาคร", "กระทุ่มแบน", "บ้านแพ้ว", "บางพลี", "บางบ่อ", "พระประแดง", "บางเสาธง", "นครชัยศรี",
		"สามพราน", "ดอนตูม", "บางเลน", "กำแพงแสน", "พุทธมณฑล", "ศาลายา", "บางกรวย", "บางใหญ่", "ไทรน้อย", "ปากเกร็ด", "ลาดหลุมแก้ว", "สามโคก"}
	var b strings.Builder
	b.WriteString("code,name,district,type\n")
	n := 0
	for d, name := range districts {
		for s := 1; s <= 99; s++ {
			fmt.Fprintf(&b, "674%02d%02d,ท่าทราย,%s,อบต.\n", d+1, s, name)
			n++
		}
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestGenerateKilled kills generate with SIGKILL while it draws, then runs
// it again: the second run finishes, and nothing the killed one left stays
// beside the output.
func TestGenerateKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the command")
	}
	dir := t.TempDir()
	bin := buildPrakat(t, dir)
	camp := filepath.Join(dir, "camp")
	var sink strings.Builder
	if code := cli.Run([]string{"init", camp, "--survey-url", "https://survey.example.go.th/s", "--short-base", "https://s.example.go.th", "--closing-date", "2030-12-31", "--department-number", "มท ๐๘๑๐.๗/ว ๒๕๒๒", "--department-date", "2026-10-29"}, cli.IO{Out: &sink, Err: &sink}); code != 0 {
		t.Fatal(sink.String())
	}
	list := filepath.Join(dir, "units.csv")
	n := bigList(t, list)
	out := filepath.Join(dir, "out")
	args := []string{"generate", "--config", camp, "--units", list, "--out", out, "-q", "--jobs", "1"}

	cmd := exec.Command(bin, args...)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// Wait until the run has written posters into its hidden folder.
	deadline := time.Now().Add(60 * time.Second)
	var building string
	for building == "" && time.Now().Before(deadline) {
		m, _ := filepath.Glob(filepath.Join(dir, ".out.prakat-tmp-*", "*", "*.pdf"))
		if len(m) > 0 {
			building = m[0]
		}
		time.Sleep(20 * time.Millisecond)
	}
	cmd.Process.Signal(syscall.SIGKILL)
	cmd.Wait()
	if building == "" {
		t.Fatal("the run wrote no poster within a minute")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".out.prakat-tmp-*")); len(left) == 0 {
		t.Fatal("the killed run left nothing behind; the test did not kill it mid-run")
	}

	if b, err := exec.Command(bin, args...).CombinedOutput(); err != nil {
		t.Fatalf("second run: %v\n%s", err, b)
	}
	for _, pattern := range []string{".out.prakat-tmp-*", ".out.prakat-old-*"} {
		if left, _ := filepath.Glob(filepath.Join(dir, pattern)); len(left) > 0 {
			t.Errorf("left beside the output: %v", left)
		}
	}
	if rows := len(readCSV(t, filepath.Join(out, "manifest.csv"))) - 1; rows != n {
		t.Errorf("manifest has %d rows; want %d", rows, n)
	}
}

// TestGenerateDiskFull runs generate onto a file system with room for a
// few posters: the run is refused in words about OUT, not the hidden folder
// it was building, and leaves nothing behind. It needs to mount a small
// tmpfs (root on Linux) and is skipped elsewhere.
func TestGenerateDiskFull(t *testing.T) {
	dir := t.TempDir()
	tiny := filepath.Join(dir, "tiny")
	os.Mkdir(tiny, 0o755)
	if b, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", tiny).CombinedOutput(); err != nil {
		t.Skipf("cannot mount a small tmpfs here: %v %s", err, b)
	}
	defer exec.Command("umount", tiny).Run()
	var sink strings.Builder
	if code := cli.Run([]string{"demo", "--out", filepath.Join(dir, "demo"), "-q"}, cli.IO{Out: &sink, Err: &sink}); code != 0 {
		t.Fatal(sink.String())
	}
	var stderr strings.Builder
	out := filepath.Join(tiny, "out")
	code := cli.Run([]string{"generate", "--config", filepath.Join(dir, "demo", "campaign"), "--out", out, "-q"}, cli.IO{Out: &stderr, Err: &stderr})
	if code != 1 {
		t.Fatalf("exit %d; want 1\n%s", code, stderr.String())
	}
	if msg := stderr.String(); !strings.Contains(msg, out+string(filepath.Separator)) || !strings.Contains(msg, "the disk is full") || strings.Contains(msg, "prakat-tmp") {
		t.Errorf("stderr:\n%s\nwant OUT named as full, and no hidden folder", msg)
	}
	ents, _ := os.ReadDir(tiny)
	for _, e := range ents {
		if e.Name() != ".out.prakat-lock" {
			t.Errorf("%s left on the full disk", e.Name())
		}
	}
}
