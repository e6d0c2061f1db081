package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prakat/prakat/internal/email/smtptest"
)

// prakatCmd runs this test binary as prakat, a process of its own.
func prakatCmd(t *testing.T, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], args...)
	cmd.Env = append(os.Environ(), "PRAKAT_TEST_AS_MAIN=1", "LANG=C.UTF-8")
	return cmd
}

func prakatRun(t *testing.T, args ...string) string {
	t.Helper()
	out, err := prakatCmd(t, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("prakat %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// A send killed (SIGKILL, no chance to tidy up) while the server holds a
// message unanswered, then run again: the rest is sent, nothing twice.
func TestSendKilledMidwayThenResumed(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{Hold: 4})
	dir := t.TempDir()
	camp, out := filepath.Join(dir, "camp"), filepath.Join(dir, "out")
	prakatRun(t, "init", camp, "--survey-url", "https://forms.gle/abc", "--closing-date", "2026-12-31",
		"--department-number", "มท ๐๘๑๐.๗/ว ๒๕๒๒", "--department-date", "2026-10-29")
	// A small list, so that the test generates quickly: 2 districts, 5 units.
	os.WriteFile(filepath.Join(camp, "units.csv"), []byte(`dla_code,type_th,type,name_th,full_name_th,province_code,province_th,district_th
2740101,อบจ.,provincial_admin_org,สมุทรสาคร,องค์การบริหารส่วนจังหวัดสมุทรสาคร,74,สมุทรสาคร,เมืองสมุทรสาคร
3740102,เทศบาลนคร,city_municipality,สมุทรสาคร,เทศบาลนครสมุทรสาคร,74,สมุทรสาคร,เมืองสมุทรสาคร
6740108,อบต.,subdistrict_admin_org,โคกขาม,องค์การบริหารส่วนตำบลโคกขาม,74,สมุทรสาคร,เมืองสมุทรสาคร
5740302,เทศบาลตำบล,subdistrict_municipality,บ้านแพ้ว,เทศบาลตำบลบ้านแพ้ว,74,สมุทรสาคร,บ้านแพ้ว
6740305,อบต.,subdistrict_admin_org,คลองตัน,องค์การบริหารส่วนตำบลคลองตัน,74,สมุทรสาคร,บ้านแพ้ว
`), 0o644)
	prakatRun(t, "generate", "--config", camp, "--out", out, "--zip", "-q")
	yaml := filepath.Join(camp, "campaign.yaml")
	data, _ := os.ReadFile(yaml)
	data = bytes.Replace(data, []byte(`mail_from: ""`), []byte(`mail_from: "จังหวัดสมุทรสาคร <saraban@sakhon.example.go.th>"`), 1)
	data = bytes.Replace(data, []byte(`smtp: ""`), []byte(`smtp: "smtp://`+srv.Addr+`"`), 1)
	data = bytes.Replace(data, []byte(`mail_rate: 1`), []byte(`mail_rate: 0`), 1)
	os.WriteFile(yaml, data, 0o644)
	contacts := filepath.Join(camp, "contacts.csv")
	data, _ = os.ReadFile(contacts)
	var lines []string
	for i, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if i > 0 {
			f := strings.SplitN(l, ",", 3)
			l = f[0] + ",r" + strings.NewReplacer("(", "", ")", "", " ", "").Replace(f[0]) + "@example.go.th," + f[2]
		}
		lines = append(lines, l)
	}
	os.WriteFile(contacts, []byte(strings.Join(lines, "\n")+"\n"), 0o644)

	cmd := prakatCmd(t, "send", "--config", camp, "--out", out)
	var output bytes.Buffer
	cmd.Stdout, cmd.Stderr = &output, &output
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	select {
	case <-srv.Held: // the fourth message is on the wire, unanswered
		cmd.Process.Kill()
		<-exited
	case err := <-exited:
		t.Fatalf("send finished (%v) before the fourth message:\n%s", err, output.String())
	}
	if n := len(srv.Messages()); n != 3 {
		t.Fatalf("the server accepted %d messages before the kill; want 3", n)
	}
	log, _ := os.ReadFile(filepath.Join(camp, "sent.csv"))
	if n := bytes.Count(log, []byte(",sent,")); n != 3 {
		t.Fatalf("the log holds %d sent rows after the kill; want 3:\n%s", n, log)
	}

	prakatRun(t, "send", "--config", camp, "--out", out)
	msgs := srv.Messages()
	// 4 copies of the circular and 2 bundles, each once.
	if len(msgs) != 6 {
		t.Fatalf("%d messages in all; want 6", len(msgs))
	}
	seen := map[string]bool{}
	for _, m := range msgs {
		p, err := smtptest.Parse(m.Data)
		if err != nil {
			t.Fatal(err)
		}
		key := p.To.Address + " " + p.Subject
		if seen[key] {
			t.Errorf("%s received twice", key)
		}
		seen[key] = true
	}
}
