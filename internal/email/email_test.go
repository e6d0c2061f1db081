package email_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	netmail "net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prakat/prakat/internal/email"
	"github.com/prakat/prakat/internal/email/smtptest"
	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/templates"
)

const subjectThai = "ส่งหนังสือจังหวัดสมุทรสาคร ที่ สค ๐๐๒๓.๓/ว ๑๕๖๓๓ ลงวันที่ ๑๒ พฤศจิกายน ๒๕๖๔"

func composer(t *testing.T) *email.Composer {
	t.Helper()
	data, err := templates.FS.ReadFile(templates.Mail)
	if err != nil {
		t.Fatal(err)
	}
	tmpl, err := email.ParseTemplate(templates.Mail, data)
	if err != nil {
		t.Fatal(err)
	}
	from, _ := netmail.ParseAddress("สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดสมุทรสาคร <saraban@sakhon.example.go.th>")
	return &email.Composer{Template: tmpl, From: from, Values: map[string]string{"title": "แบบสำรวจ", "survey_url": "https://forms.gle/x", "closing_date": "๓๑ ธันวาคม ๒๕๖๙"}}
}

func delivery(addr string) (email.Delivery, []email.Attachment) {
	d := email.Delivery{Kind: email.Province, Address: addr,
		To:     email.Recipient{Key: "นายอำเภอกระทุ่มแบน", Title: "นายอำเภอกระทุ่มแบน", Province: "สมุทรสาคร", District: "กระทุ่มแบน"},
		Letter: email.Letter{Number: "สค ๐๐๒๓.๓/ว ๑๕๖๓๓", Date: "      ๑๒ พฤศจิกายน ๒๕๖๔", Subject: "ขอความร่วมมือประชาสัมพันธ์แบบสำรวจ"}}
	pdf := bytes.Repeat([]byte("%PDF-1.7 \x00\xff binary\r\n"), 5000)
	files := []email.Attachment{{Path: "letters/02-นายอำเภอกระทุ่มแบน.pdf", Data: pdf}, {Path: "letters/02-นายอำเภอกระทุ่มแบน.docx", Data: []byte("PK\x03\x04 word")}}
	return d, files
}

func server(t *testing.T, srv *smtptest.Server, user string) *email.Server {
	t.Helper()
	s, err := email.ParseServer("smtp://" + user + "@" + srv.Addr)
	if err != nil {
		t.Fatal(err)
	}
	if user == "" {
		s.User = ""
	}
	return s
}

// A message through STARTTLS and AUTH PLAIN arrives whole: the Thai subject
// and body decode exactly, by Go's and by Python's readers, and the
// attachments are the files' bytes.
func TestSendSTARTTLS(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{TLS: true, User: "saraban", Password: "ลับมาก-123"})
	conn, err := email.Dial(context.Background(), server(t, srv, "saraban"), email.DialOptions{Password: "ลับมาก-123", TLS: &tls.Config{RootCAs: srv.RootCAs()}})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	d, files := delivery("amphoe.krathumbaen@example.go.th")
	msg, err := composer(t).Compose(d, files, time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := conn.Send(msg); !ok || err != nil {
		t.Fatalf("Send = %v, %v; want accepted", ok, err)
	}
	got := srv.Messages()
	if len(got) != 1 || len(got[0].To) != 1 || got[0].To[0] != "amphoe.krathumbaen@example.go.th" {
		t.Fatalf("server received %d messages (%v); want one to amphoe.krathumbaen@example.go.th", len(got), got)
	}
	p, err := smtptest.Parse(got[0].Data)
	if err != nil {
		t.Fatal(err)
	}
	if p.Subject != subjectThai {
		t.Errorf("subject = %q; want %q", p.Subject, subjectThai)
	}
	if p.From.Name != "สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัดสมุทรสาคร" || p.To.Name != "นายอำเภอกระทุ่มแบน" {
		t.Errorf("from %q, to %q", p.From.Name, p.To.Name)
	}
	wantLine := "จังหวัดสมุทรสาครขอส่งหนังสือ ที่ สค ๐๐๒๓.๓/ว ๑๕๖๓๓ ลงวันที่ ๑๒ พฤศจิกายน ๒๕๖๔ เรื่อง ขอความร่วมมือประชาสัมพันธ์แบบสำรวจ"
	if !strings.Contains(p.Text, "เรียน นายอำเภอกระทุ่มแบน\n") || !strings.Contains(p.Text, wantLine) || !strings.Contains(p.HTML, wantLine) {
		t.Errorf("body does not name the recipient and the letter:\n%s\n%s", p.Text, p.HTML)
	}
	for _, f := range files {
		if a := p.Attachments[filepath.Base(f.Path)]; !bytes.Equal(a, f.Data) {
			t.Errorf("attachment %s: %d bytes differ from the file's %d", f.Path, len(a), len(f.Data))
		}
	}

	py, err := smtptest.PythonParse(got[0].Data)
	if errors.Is(err, smtptest.ErrNoPython) {
		t.Skip("python3 is not installed: the message was checked with Go's readers only")
	}
	if err != nil {
		t.Fatal(err)
	}
	if py.Subject != subjectThai || py.Text != p.Text || py.HTML != p.HTML || py.FromName != p.From.Name+" <saraban@sakhon.example.go.th>" {
		t.Errorf("python reads subject %q, from %q, text %q; want what Go reads: %q, %q", py.Subject, py.FromName, py.Text, p.Subject, p.Text)
	}
	for _, f := range files {
		sum := sha256.Sum256(f.Data)
		if py.Attachments[filepath.Base(f.Path)] != hex.EncodeToString(sum[:]) {
			t.Errorf("python: attachment %s differs (%v)", f.Path, py.Attachments)
		}
	}
}

func TestWrongPassword(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{TLS: true, User: "saraban", Password: "right"})
	_, err := email.Dial(context.Background(), server(t, srv, "saraban"), email.DialOptions{Password: "wrong", TLS: &tls.Config{RootCAs: srv.RootCAs()}})
	if err == nil {
		t.Fatal("Dial with a wrong password succeeded")
	}
}

// Only a server on this machine may go without STARTTLS.
func TestLoopback(t *testing.T) {
	for _, h := range []string{"127.0.0.1", "::1", "localhost"} {
		if !(&email.Server{Host: h}).Loopback() {
			t.Errorf("%s not taken for loopback", h)
		}
	}
	for _, h := range []string{"mail.example.go.th", "10.0.0.1"} {
		if (&email.Server{Host: h}).Loopback() {
			t.Errorf("%s taken for loopback", h)
		}
	}
}

func TestRefusedRecipient(t *testing.T) {
	srv := smtptest.Start(t, smtptest.Options{Refuse: func(to string) bool { return strings.HasPrefix(to, "gone@") }})
	conn, err := email.Dial(context.Background(), server(t, srv, ""), email.DialOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	c := composer(t)
	d, files := delivery("gone@example.go.th")
	msg, _ := c.Compose(d, files, time.Now())
	if ok, err := conn.Send(msg); ok || err == nil {
		t.Fatalf("Send to a refused address = %v, %v; want not accepted, an error", ok, err)
	}
	// The connection serves the next message.
	d, files = delivery("here@example.go.th")
	msg, _ = c.Compose(d, files, time.Now())
	if ok, err := conn.Send(msg); !ok || err != nil {
		t.Fatalf("Send after a refusal = %v, %v; want accepted", ok, err)
	}
	if n := len(srv.Messages()); n != 1 {
		t.Errorf("server holds %d messages; want 1", n)
	}
}

func TestLog(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sent.csv")
	l, err := email.OpenLog(path)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	rows := []email.LogEntry{
		{Time: now, Kind: email.District, Recipient: "นายอำเภอบ้านแพ้ว", Address: "a@x.go.th", Files: "aa  บ้านแพ้ว.zip", MessageID: "1@x", Result: email.Sent},
		{Time: now, Kind: email.District, Recipient: "นายอำเภอกระทุ่มแบน", Address: "b@x.go.th", Files: "bb  กระทุ่มแบน.zip", Result: email.Failed, Error: "550 no such mailbox"},
	}
	for _, r := range rows {
		if err := l.Append(r); err != nil {
			t.Fatal(err)
		}
	}
	// A second run may not open it while the first holds it.
	email.LockTimeout = 100 * time.Millisecond
	if _, err := email.OpenLog(path); err == nil {
		t.Error("a second OpenLog succeeded while the first holds the log")
	}
	l.Close()
	before, _ := os.ReadFile(path)
	l, err = email.OpenLog(path)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	for _, tc := range []struct {
		k                email.Kind
		who, addr, files string
		want             bool
	}{
		{email.District, "นายอำเภอบ้านแพ้ว", "a@x.go.th", "aa  บ้านแพ้ว.zip", true},
		{email.District, "นายอำเภอบ้านแพ้ว", "a@x.go.th", "changed  บ้านแพ้ว.zip", false},
		{email.District, "นายอำเภอบ้านแพ้ว", "new@x.go.th", "aa  บ้านแพ้ว.zip", false},
		{email.Province, "นายอำเภอบ้านแพ้ว", "a@x.go.th", "aa  บ้านแพ้ว.zip", false},
		{email.District, "นายอำเภอกระทุ่มแบน", "b@x.go.th", "bb  กระทุ่มแบน.zip", false}, // failed: tried again
	} {
		if got := l.Sent(tc.k, tc.who, tc.addr, tc.files); got != tc.want {
			t.Errorf("Sent(%s, %s, %s, %q) = %v; want %v", tc.k, tc.who, tc.addr, tc.files, got, tc.want)
		}
	}
	if err := l.Append(rows[0]); err != nil {
		t.Fatal(err)
	}
	after, _ := os.ReadFile(path)
	if !bytes.HasPrefix(after, before) || len(after) <= len(before) {
		t.Error("Append did not keep the log's earlier bytes")
	}
}

func TestContacts(t *testing.T) {
	path := filepath.Join(t.TempDir(), "contacts.csv")
	u1 := roster.Unit{Code: "2740101", Type: roster.ProvincialOrg, Name: "องค์การบริหารส่วนจังหวัดสมุทรสาคร", District: "เมืองสมุทรสาคร", Province: "สมุทรสาคร"}
	u2 := roster.Unit{Code: "6740102", Type: roster.SubdistrictOrg, Name: "องค์การบริหารส่วนตำบลท่าทราย", District: "เมืองสมุทรสาคร", Province: "สมุทรสาคร"}
	head := func(p, d string) (string, error) { return "นายอำเภอ" + d, nil }
	rs, _ := email.Recipients([]roster.District{{Name: "เมืองสมุทรสาคร", Province: "สมุทรสาคร", Units: []roster.Unit{u1, u2}}}, head)
	if changed, err := email.RefreshContacts(path, rs); err != nil || !changed {
		t.Fatalf("RefreshContacts = %v, %v", changed, err)
	}
	data, _ := os.ReadFile(path)
	data = bytes.Replace(data, []byte("2740101,,"), []byte("2740101,saraban@sakhonpao.go.th,"), 1)
	os.WriteFile(path, data, 0o644)
	// u1 leaves the list: its filled address stays, at the end.
	rs2, _ := email.Recipients([]roster.District{{Name: "เมืองสมุทรสาคร", Province: "สมุทรสาคร", Units: []roster.Unit{u2}}}, head)
	if changed, err := email.RefreshContacts(path, rs2); err != nil || !changed {
		t.Fatalf("RefreshContacts = %v, %v", changed, err)
	}
	if changed, _ := email.RefreshContacts(path, rs2); changed {
		t.Error("a second refresh with the same recipients rewrote the file")
	}
	c, err := email.ReadContacts(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Address("2740101"); got != "saraban@sakhonpao.go.th" {
		t.Errorf("address kept = %q", got)
	}
	os.WriteFile(path, []byte("recipient,email\nนายอำเภอเมืองสมุทรสาคร,amphoe@muang\n2740101,ok@x.go.th\n6740102,a@x.go.th; b@x.go.th\n"), 0o644)
	_, err = email.ReadContacts(path)
	var ps *roster.Problems
	if !errors.As(err, &ps) || len(ps.List) != 2 || ps.List[0].Row != 2 || ps.List[1].Row != 4 {
		t.Fatalf("ReadContacts = %v; want problems on rows 2 and 4", err)
	}
}

// Recipients key a district chief by his title, and by title and province
// where two provinces have a district of that name.
func TestRecipientKeys(t *testing.T) {
	ds := []roster.District{
		{Name: "เฉลิมพระเกียรติ", Province: "สระบุรี", Units: []roster.Unit{{Code: "5190101", Type: roster.SubdistrictMunicipality, Name: "เทศบาลตำบลหนึ่ง"}}},
		{Name: "เฉลิมพระเกียรติ", Province: "นครราชสีมา", Units: []roster.Unit{{Code: "5300101", Type: roster.SubdistrictMunicipality, Name: "เทศบาลตำบลสอง"}}},
		{Name: "บ้านแพ้ว", Province: "สมุทรสาคร"},
	}
	rs, err := email.Recipients(ds, func(p, d string) (string, error) { return "นายอำเภอ" + d, nil })
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, r := range rs {
		keys = append(keys, r.Key)
	}
	want := []string{"นายอำเภอเฉลิมพระเกียรติ (สระบุรี)", "5190101", "นายอำเภอเฉลิมพระเกียรติ (นครราชสีมา)", "5300101", "นายอำเภอบ้านแพ้ว"}
	if strings.Join(keys, "|") != strings.Join(want, "|") {
		t.Errorf("keys = %q; want %q", keys, want)
	}
}
