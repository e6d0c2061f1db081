package cli

import (
	"bytes"
	"encoding/csv"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/prakat/prakat/internal/email/smtptest"
)

// sendCampaign is a campaign made and generated as a clerk would, with
// every address filled in but one (the เทศบาลนครสมุทรสาคร's), sending
// through server with no pause between messages.
type sendCampaign struct {
	dir, out string
}

const noAddressCode = "3740102"

// fiveUnits is a small list, so that every test generates quickly: two
// districts, the อบจ. and a เทศบาลนคร the province writes to, three
// units the districts forward to.
const fiveUnits = `dla_code,type_th,type,name_th,full_name_th,province_code,province_th,district_th
2740101,อบจ.,provincial_admin_org,สมุทรสาคร,องค์การบริหารส่วนจังหวัดสมุทรสาคร,74,สมุทรสาคร,เมืองสมุทรสาคร
3740102,เทศบาลนคร,city_municipality,สมุทรสาคร,เทศบาลนครสมุทรสาคร,74,สมุทรสาคร,เมืองสมุทรสาคร
6740108,อบต.,subdistrict_admin_org,โคกขาม,องค์การบริหารส่วนตำบลโคกขาม,74,สมุทรสาคร,เมืองสมุทรสาคร
5740302,เทศบาลตำบล,subdistrict_municipality,บ้านแพ้ว,เทศบาลตำบลบ้านแพ้ว,74,สมุทรสาคร,บ้านแพ้ว
6740305,อบต.,subdistrict_admin_org,คลองตัน,องค์การบริหารส่วนตำบลคลองตัน,74,สมุทรสาคร,บ้านแพ้ว
`

func newSendCampaign(t *testing.T, smtpURL string) *sendCampaign {
	t.Helper()
	root := t.TempDir()
	c := &sendCampaign{dir: filepath.Join(root, "camp"), out: filepath.Join(root, "out")}
	if code, _, stderr := run(t, nil, "init", c.dir, "--survey-url", "https://forms.gle/abc", "--closing-date", "2026-12-31",
		"--department-number", "มท ๐๘๑๐.๗/ว ๒๕๒๒", "--department-date", "2026-10-29"); code != 0 {
		t.Fatal(stderr)
	}
	c.edit(t, `mail_from: ""`, `mail_from: "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดสมุทรสาคร <saraban@sakhon.example.go.th>"`)
	c.edit(t, `smtp: ""`, `smtp: "`+smtpURL+`"`)
	c.edit(t, `mail_rate: 1`, `mail_rate: 0`)
	if err := os.WriteFile(filepath.Join(c.dir, "units.csv"), []byte(fiveUnits), 0o644); err != nil {
		t.Fatal(err)
	}
	c.generate(t)
	// The clerk fills contacts.csv, leaving one address out.
	path := filepath.Join(c.dir, "contacts.csv")
	rows := readCSV(t, path)
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	for i, r := range rows {
		if i > 0 && r[0] != noAddressCode {
			r[1] = "r" + strings.NewReplacer(" ", "", "(", "", ")", "").Replace(r[0]) + "@example.go.th"
		}
		w.Write(r)
	}
	w.Flush()
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return c
}

func (c *sendCampaign) edit(t *testing.T, old, new string) {
	t.Helper()
	path := filepath.Join(c.dir, "campaign.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(data, []byte(old)) {
		t.Fatalf("campaign.yaml has no %q", old)
	}
	os.WriteFile(path, bytes.Replace(data, []byte(old), []byte(new), 1), 0o644)
}

func (c *sendCampaign) generate(t *testing.T) {
	t.Helper()
	if code, _, stderr := run(t, nil, "generate", "--config", c.dir, "--out", c.out, "--zip", "-q"); code != 0 {
		t.Fatal(stderr)
	}
}

func (c *sendCampaign) send(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	return run(t, env, append([]string{"send", "--config", c.dir, "--out", c.out}, args...)...)
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(data, []byte("\ufeff"))))
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// logResults counts the send log's rows by result.
func logResults(t *testing.T, c *sendCampaign) map[string]int {
	t.Helper()
	n := map[string]int{}
	if _, err := os.Stat(filepath.Join(c.dir, "sent.csv")); err != nil {
		return n
	}
	for _, r := range readCSV(t, filepath.Join(c.dir, "sent.csv"))[1:] {
		n[r[6]]++
	}
	return n
}

// received checks that every message the server holds went to a distinct
// recipient for its kind, with attachments byte-identical to OUT's files,
// and returns the messages by recipient address.
func received(t *testing.T, c *sendCampaign, msgs []smtptest.Message) map[string]*smtptest.Parsed {
	t.Helper()
	byAddr := map[string]*smtptest.Parsed{}
	for _, m := range msgs {
		p, err := smtptest.Parse(m.Data)
		if err != nil {
			t.Fatal(err)
		}
		key := p.To.Address + " " + p.Subject
		if byAddr[key] != nil {
			t.Errorf("%s received %q twice", p.To.Address, p.Subject)
		}
		byAddr[key] = p
		if len(p.Attachments) == 0 {
			t.Errorf("%s: no attachment", key)
		}
		for name, data := range p.Attachments {
			var want []byte
			for _, dir := range []string{c.out, filepath.Join(c.out, "letters")} {
				if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
					want = b
				}
			}
			if want == nil || !bytes.Equal(data, want) {
				t.Errorf("%s: attachment %s (%d bytes) is not OUT's file (%d bytes)", key, name, len(data), len(want))
			}
		}
	}
	return byAddr
}

func TestSendEveryRecipientOnce(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	c := newSendCampaign(t, "smtp://"+srv.Addr)
	code, stdout, stderr := c.send(t, nil)
	if code != 0 {
		t.Fatalf("send: exit %d\n%s%s", code, stdout, stderr)
	}
	// 2 district chiefs and 2 units the province writes to get the
	// circular, the 2 chiefs their bundles; one unit has no address.
	msgs := srv.Messages()
	if len(msgs) != 5 {
		t.Fatalf("server received %d messages; want 5\n%s%s", len(msgs), stdout, stderr)
	}
	got := received(t, c, msgs)
	for _, want := range []string{"rนายอำเภอบ้านแพ้ว@example.go.th", "r2740101@example.go.th"} {
		n := 0
		for k := range got {
			if strings.HasPrefix(k, want+" ") {
				n++
			}
		}
		if want == "r2740101@example.go.th" && n != 1 || want != "r2740101@example.go.th" && n != 2 {
			t.Errorf("%s received %d messages", want, n)
		}
	}
	if !strings.Contains(stderr, "no address: province: นายกเทศมนตรีนครสมุทรสาคร ("+noAddressCode+")") {
		t.Errorf("the recipient without an address is not listed:\n%s", stderr)
	}
	if r := logResults(t, c); r["sent"] != 5 || r["failed"] != 0 {
		t.Errorf("send log: %v; want 5 sent", r)
	}

	// Again: nothing is sent twice.
	if code, stdout, stderr := c.send(t, nil); code != 0 || !strings.Contains(stdout, "nothing to send: 5 messages were sent before") {
		t.Fatalf("second send: exit %d\n%s%s", code, stdout, stderr)
	}
	if n := len(srv.Messages()); n != 5 {
		t.Fatalf("the second run sent %d messages", n-5)
	}

	// A unit of บ้านแพ้ว renamed: generate changes that district's bundle,
	// and send sends it alone.
	units := filepath.Join(c.dir, "units.csv")
	data, _ := os.ReadFile(units)
	renamed := bytes.Replace(data, []byte("องค์การบริหารส่วนตำบลคลองตัน,"), []byte("องค์การบริหารส่วนตำบลคลองตันใหม่,"), 1)
	if bytes.Equal(renamed, data) {
		t.Fatal("no อบต.คลองตัน in the example list")
	}
	os.WriteFile(units, renamed, 0o644)
	c.generate(t)
	code, stdout, stderr = c.send(t, nil)
	if code != 0 {
		t.Fatalf("send after generate: exit %d\n%s%s", code, stdout, stderr)
	}
	msgs = srv.Messages()[5:]
	if len(msgs) != 1 {
		t.Fatalf("after one district changed, %d messages were sent; want 1\n%s", len(msgs), stdout)
	}
	for k, p := range received(t, c, msgs) {
		if !strings.HasPrefix(k, "rนายอำเภอบ้านแพ้ว@example.go.th ") || p.Order[0] != "บ้านแพ้ว.zip" {
			t.Errorf("sent %s with %v; want บ้านแพ้ว.zip to its chief", k, p.Order)
		}
	}
}

func TestSendDroppedConnectionThenResume(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{DropAfter: 2})
	c := newSendCampaign(t, "smtp://"+srv.Addr)
	code, stdout, stderr := c.send(t, nil)
	if code != 1 {
		t.Fatalf("send through a dropping server: exit %d; want 1\n%s%s", code, stdout, stderr)
	}
	if !strings.Contains(stderr, "failed: ") {
		t.Errorf("no failure reported by recipient:\n%s", stderr)
	}
	first := srv.Messages()
	if r := logResults(t, c); r["sent"] != len(first) || r["sent"] != 2 {
		t.Errorf("send log %v; the server accepted %d", r, len(first))
	}
	// The next run, through a server that stays up, sends the rest.
	srv2 := smtptest.Start(t, smtptest.Options{})
	c.edit(t, "smtp://"+srv.Addr, "smtp://"+srv2.Addr)
	if code, stdout, stderr := c.send(t, nil); code != 0 {
		t.Fatalf("resumed send: exit %d\n%s%s", code, stdout, stderr)
	}
	all := append(first, srv2.Messages()...)
	if len(all) != 5 {
		t.Fatalf("%d messages in all; want 5", len(all))
	}
	received(t, c, all)
}

func TestSendRefusedRecipient(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{Refuse: func(to string) bool { return to == "r2740101@example.go.th" }})
	c := newSendCampaign(t, "smtp://"+srv.Addr)
	code, _, stderr := c.send(t, nil)
	if code != 1 || !strings.Contains(stderr, "failed: province: นายกองค์การบริหารส่วนจังหวัดสมุทรสาคร <r2740101@example.go.th>") {
		t.Fatalf("exit %d; want 1 and the refused recipient named:\n%s", code, stderr)
	}
	if n := len(srv.Messages()); n != 4 {
		t.Errorf("%d messages accepted; want the other 4", n)
	}
	if r := logResults(t, c); r["sent"] != 4 || r["failed"] != 1 {
		t.Errorf("send log %v; want 4 sent, 1 failed", r)
	}
}

func TestSendWrongPassword(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{User: "saraban", Password: "right"})
	c := newSendCampaign(t, "smtp://saraban@"+srv.Addr)
	for _, lang := range []string{"en", "th"} {
		code, _, stderr := c.send(t, map[string]string{PasswordVar: "wrong"}, "--lang", lang)
		want := map[string]string{"en": "cannot send through the mail server", "th": "ส่งผ่านเซิร์ฟเวอร์อีเมลไม่ได้"}[lang]
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("--lang %s: exit %d; want 1 and %q:\n%s", lang, code, want, stderr)
		}
	}
	if r := logResults(t, c); r["sent"] != 0 || len(srv.Messages()) != 0 {
		t.Errorf("send log %v, %d messages; want nothing sent", r, len(srv.Messages()))
	}
	// No password at all, and no terminal to ask on.
	if code, _, stderr := c.send(t, nil); code != 1 || !strings.Contains(stderr, PasswordVar) {
		t.Errorf("without a password: exit %d:\n%s", code, stderr)
	}
	// The right one sends everything.
	if code, _, stderr := c.send(t, map[string]string{PasswordVar: "right"}); code != 0 || len(srv.Messages()) != 5 {
		t.Errorf("right password: exit %d, %d messages:\n%s", code, len(srv.Messages()), stderr)
	}
}

func TestSendUnreachable(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	c := newSendCampaign(t, "smtp://"+addr)
	code, _, stderr := c.send(t, nil)
	if code != 1 || !strings.Contains(stderr, "cannot send through the mail server") || !strings.Contains(stderr, "not sent: district: นายอำเภอบ้านแพ้ว") {
		t.Errorf("exit %d; want 1, the server and each recipient named:\n%s", code, stderr)
	}
	if r := logResults(t, c); r["sent"] != 0 || r["failed"] != 5 {
		t.Errorf("send log %v; want 5 failed, none sent", r)
	}
}

func TestSendDryRun(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	c := newSendCampaign(t, "smtp://"+srv.Addr)
	code, stdout, stderr := c.send(t, nil, "--dry-run", "--to", "province,districts,units")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	emls, _ := filepath.Glob(filepath.Join(c.dir, "outbox", "*.eml"))
	// 6 province and district messages, 5 unit messages, less the two to
	// the unit without an address.
	if len(emls) != 9 || len(srv.Messages()) != 0 {
		t.Fatalf("%d .eml files, %d messages sent; want 9 files, none sent\n%s", len(emls), len(srv.Messages()), stdout)
	}
	if _, err := os.Stat(filepath.Join(c.dir, "sent.csv")); err == nil {
		t.Error("a dry run wrote the send log")
	}
	var msgs []smtptest.Message
	for _, f := range emls {
		data, _ := os.ReadFile(f)
		msgs = append(msgs, smtptest.Message{Data: data})
	}
	// The unit files are below the district folders.
	for _, m := range msgs {
		p, err := smtptest.Parse(m.Data)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Attachments) == 0 || p.Subject == "" || !strings.Contains(p.Text, "เรียน ") {
			t.Errorf("%s: %q with %d attachments", p.To.Address, p.Subject, len(p.Attachments))
		}
	}
	if !strings.Contains(stderr, "no address: unit: นายกเทศมนตรีนครสมุทรสาคร") {
		t.Errorf("no-address unit not listed:\n%s", stderr)
	}
}

func TestSendAttachmentLimit(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{})
	c := newSendCampaign(t, "smtp://"+srv.Addr)
	c.edit(t, "attachment_limit_mb: 10", "attachment_limit_mb: 0.1")
	code, _, stderr := c.send(t, nil)
	if code != 1 || !strings.Contains(stderr, "refused: district: "+filepath.Join(c.out, "บ้านแพ้ว.zip")) {
		t.Fatalf("exit %d; want 1 and the bundle named:\n%s", code, stderr)
	}
	if n := len(srv.Messages()); n != 3 {
		t.Errorf("%d messages sent; want the 3 circulars", n)
	}
}
