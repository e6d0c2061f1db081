package cli

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	netmail "net/mail"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/prakat/prakat/internal/campaign"
	"github.com/prakat/prakat/internal/email"
	"github.com/prakat/prakat/internal/generate"
	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/placeholder"
	"github.com/prakat/prakat/internal/roster"
	"github.com/prakat/prakat/templates"
	"github.com/spf13/cobra"
	gomail "github.com/wneessen/go-mail"
	"golang.org/x/term"
)

// PasswordVar is the environment variable holding the mail server's
// password; without it, send asks on the terminal.
const PasswordVar = "PRAKAT_SMTP_PASSWORD"

type sendOptions struct {
	campaignFlags
	Out    string
	To     string
	DryRun bool
	Outbox string
	// TLS, when set, is the trust the mail connection uses instead of the
	// system's: tests pass their own server's certificate.
	TLS *tls.Config
}

func newSendCmd(e *env) *cobra.Command {
	var o sendOptions
	cmd := &cobra.Command{
		Use:   "send --config DIR --out OUT [--to province,districts,units] [--dry-run]",
		Short: "Send the circulars and bundles by e-mail, each recipient once",
		Long: `Sends by e-mail what prakat generate wrote into OUT:

  province    each district chief and each unit the province writes to
              directly: its copy of the circular (PDF, and the Word copy)
  districts   each district chief: the district's bundle OUT/<district>.zip
              (made by prakat generate --zip)
  units       each unit: its poster, QR image, pictures and web snippet

The addresses come from contacts.csv in the campaign (recipient,email; prakat
init and generate write it with every recipient), else from an e-mail column
of the unit list. Recipients without an address are listed, not sent to.
The wording is mail.yaml (mail_template in campaign.yaml); the sender is
mail_from, the server smtp (smtp://USER@HOST:587 with STARTTLS, required
unless the server is this machine; smtps://USER@HOST:465 for TLS). The
password is read from PRAKAT_SMTP_PASSWORD or asked on the terminal, never
stored.

Every message is written to the send log (sent.csv in the campaign) as soon
as the server accepts or refuses it. A run sends only what the log does not
hold as sent with the same files: run it again after a failure or a stop to
send the rest, and after generate to send what changed. --dry-run writes each
message as an .eml file into the outbox folder for review and sends nothing.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return sendRun(cmd.Context(), e, &o) },
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "the folder prakat generate wrote")
	cmd.Flags().StringVar(&o.To, "to", "province,districts", "what to send: province, districts, units, separated by commas")
	cmd.Flags().BoolVar(&o.DryRun, "dry-run", false, "write the messages as .eml files for review; send nothing")
	cmd.Flags().StringVar(&o.Outbox, "outbox", "", "the folder --dry-run writes (default: outbox in the campaign)")
	o.campaignFlags.register(cmd)
	return cmd
}

func parseTo(s string) ([]email.Kind, error) {
	var kinds []email.Kind
	for _, w := range strings.Split(s, ",") {
		k, ok := email.ParseKind(strings.TrimSpace(w))
		if !ok {
			return nil, usagef("--to %q: want province, districts or units, separated by commas", w)
		}
		kinds = append(kinds, k)
	}
	return kinds, nil
}

// mailJob is what send works from: the campaign, its recipients and the
// letters that name them.
type mailJob struct {
	c          *campaign.Campaign
	provinces  []email.ProvinceLetters
	recipients []email.Recipient
	values     placeholder.Values
	// unnumbered: letters.yaml gives the circular no number yet.
	unnumbered bool
}

// newMailJob builds the letters' chains of the campaign's units, as
// generate does, for the recipients and the letters' numbers and dates.
func newMailJob(c *campaign.Campaign, units []roster.Unit, now time.Time) (*mailJob, error) {
	name, t, err := letterTemplate(c)
	if err != nil {
		return nil, err
	}
	values := letterValues(c, now)
	job := &mailJob{c: c, values: placeholder.Values{"title": c.Title, "survey_url": c.SurveyURL, "closing_date": values.Closing},
		unnumbered: t.Province.Number == ""}
	var order []string
	byProvince := map[string][]roster.District{}
	for _, d := range roster.Districts(units) {
		if _, ok := byProvince[d.Province]; !ok {
			order = append(order, d.Province)
		}
		byProvince[d.Province] = append(byProvince[d.Province], d)
	}
	var all []roster.District
	for _, p := range order {
		ds := byProvince[p]
		all = append(all, ds...)
		chain, err := t.Build(p, ds, values)
		if err != nil {
			return nil, generate.Missing(name, err)
		}
		job.provinces = append(job.provinces, email.ProvinceLetters{Chain: chain, Districts: ds})
	}
	job.recipients, err = email.Recipients(all, t.DistrictHead)
	if err != nil {
		return nil, err
	}
	return job, nil
}

// mailRecipients lists the recipients of a campaign's units for
// contacts.csv; the chains are not needed for that.
func mailRecipients(c *campaign.Campaign, units []roster.Unit) ([]email.Recipient, error) {
	_, t, err := letterTemplate(c)
	if err != nil {
		return nil, err
	}
	return email.Recipients(roster.Districts(units), t.DistrictHead)
}

// mailTemplate reads the campaign's mail wording, or the built-in one.
func mailTemplate(c *campaign.Campaign) (*email.Template, error) {
	name, data, err := c.Path(c.MailTemplate), []byte(nil), error(nil)
	if c.MailTemplate == "" {
		name = templates.Mail
		data, err = templates.FS.ReadFile(templates.Mail)
	} else if data, err = os.ReadFile(name); err != nil {
		return nil, messages.Errorf(name, "cannot read the mail template").WithHint("fix mail_template in campaign.yaml, or empty it to use the built-in wording")
	}
	if err != nil {
		return nil, err
	}
	return email.ParseTemplate(name, data)
}

// pending is a message to send with its files read.
type pending struct {
	email.Delivery
	files  []email.Attachment
	digest string
}

func sendRun(ctx context.Context, e *env, o *sendOptions) error {
	if o.Config == "" || o.Out == "" {
		return usagef("send needs --config DIR/campaign.yaml and --out OUT")
	}
	kinds, err := parseTo(o.To)
	if err != nil {
		return err
	}
	c, list, err := o.open(e)
	if err != nil {
		return err
	}
	yamlPath := filepath.Join(c.Dir, campaign.FileName)
	if c.MailFrom == "" {
		return messages.Errorf(yamlPath, "mail_from is empty: the messages need a sender").
			WithHint("set mail_from in campaign.yaml, e.g. mail_from: \"สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด <saraban@example.go.th>\"")
	}
	from, err := netmail.ParseAddress(c.MailFrom)
	if err != nil {
		return messages.Errorf(yamlPath, "mail_from %q is not an e-mail address", c.MailFrom)
	}
	var srv *email.Server
	if !o.DryRun {
		if c.SMTP == "" {
			return messages.Errorf(yamlPath, "smtp is empty: no mail server to send through").
				WithHint("set smtp in campaign.yaml, e.g. smtp: smtp://saraban%%40example.go.th@mail.example.go.th:587; or review with --dry-run")
		}
		if srv, err = email.ParseServer(c.SMTP); err != nil {
			return messages.Errorf(yamlPath, "smtp %q is not a mail server address", c.SMTP)
		}
	}
	tmpl, err := mailTemplate(c)
	if err != nil {
		return err
	}
	job, err := newMailJob(c, list.Units, e.Now())
	if err != nil {
		return err
	}
	// A circular goes out under the number the registry gives it.
	if job.unnumbered && slices.Contains(kinds, email.Province) {
		fmt.Fprintln(e.Err, e.p.Sprintf("warning: letters.yaml gives the circular no number yet: its messages name it without one"))
		fmt.Fprintln(e.Err, e.p.Sprintf("hint: %s", e.p.Sprint(messages.T("once the registry gives the circular its number, fill province: number and sent in letters.yaml, run generate, then send"))))
	}
	contacts, err := email.ReadContacts(c.ContactsPath())
	if err != nil {
		return err
	}
	address := func(r email.Recipient) string {
		if a := contacts.Address(r.Key); a != "" {
			return a
		}
		if r.Unit != nil {
			return r.Unit.Email
		}
		return ""
	}
	ds, err := email.Plan(o.Out, job.provinces, job.recipients, kinds, address)
	if err != nil {
		return err
	}

	var log *email.Log
	if o.DryRun {
		log, err = email.ReadLog(c.SendLogPath())
	} else {
		log, err = email.OpenLog(c.SendLogPath())
	}
	if err != nil {
		return err
	}
	defer log.Close()

	// Sort the messages: no address, already sent, too large, to send.
	var todo, tooLarge []pending
	var noAddress []email.Delivery
	done := 0
	limit := c.AttachmentLimit()
	for _, d := range ds {
		if d.Address == "" {
			noAddress = append(noAddress, d)
			continue
		}
		files, err := email.ReadFiles(o.Out, d)
		if err != nil {
			return err
		}
		p := pending{Delivery: d, files: files, digest: email.Digest(files)}
		if log.Sent(d.Kind, d.To.Key, d.Address, p.digest) {
			done++
			continue
		}
		large := false
		for _, f := range files {
			if int64(len(f.Data)) > limit {
				large = true
				fmt.Fprintln(e.Err, e.p.Sprintf("refused: %s: %s is %.1f MB, more than attachment_limit_mb (%.1f MB); not sent to %s",
					d.Kind, filepath.Join(o.Out, filepath.FromSlash(f.Path)), float64(len(f.Data))/1e6, float64(limit)/1e6, d.To.Title))
			}
		}
		if large {
			tooLarge = append(tooLarge, p)
			continue
		}
		todo = append(todo, p)
	}
	for _, d := range noAddress {
		fmt.Fprintln(e.Err, e.p.Sprintf("no address: %s: %s (%s)", d.Kind, d.To.Title, d.To.Key))
	}
	if len(noAddress) > 0 {
		fmt.Fprintln(e.Err, e.p.Sprintf("hint: %s", e.p.Sprint(messages.T("fill their addresses into %s (the email column) and run prakat send again", c.ContactsPath()))))
	}
	if len(tooLarge) > 0 {
		fmt.Fprintln(e.Err, e.p.Sprintf("hint: %s", e.p.Sprint(messages.T("raise attachment_limit_mb in campaign.yaml if the recipients' mailboxes take larger files, or send those files another way"))))
	}
	composer := &email.Composer{Template: tmpl, From: from, Values: job.values}
	if o.DryRun {
		return dryRun(e, o, c, composer, todo, done, len(noAddress), len(tooLarge))
	}

	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	if len(todo) == 0 {
		fmt.Fprintln(e.Out, e.p.Sprintf("nothing to send: %d messages were sent before, %d recipients have no address", done, len(noAddress)))
		return failedCount(len(tooLarge))
	}
	// Refused attachments are logged as failed: the log says who has not
	// had their files, and the next run tries them again.
	for _, p := range tooLarge {
		if err := log.Append(email.LogEntry{Time: e.Now(), Kind: p.Kind, Recipient: p.To.Key, Address: p.Address,
			Files: p.digest, Result: email.Failed, Error: "attachment larger than attachment_limit_mb"}); err != nil {
			return err
		}
	}
	password := ""
	if srv.User != "" {
		if password, err = askPassword(e, srv); err != nil {
			return err
		}
	}
	dial := func() (*email.Conn, error) {
		return email.Dial(ctx, srv, email.DialOptions{Password: password, TLS: o.TLS})
	}
	serverError := func(err error) error {
		return messages.Errorf(srv.Address(), "cannot send through the mail server: %s", oneLine(err)).
			WithHint("check smtp in campaign.yaml (the host, the port, the user) and the password; STARTTLS is required unless the server is this machine")
	}
	conn, err := dial()
	if err != nil {
		// Nothing went out: each message is logged as failed, to be tried
		// by the next run, and named here.
		for _, p := range todo {
			fmt.Fprintln(e.Err, e.p.Sprintf("not sent: %s: %s <%s>", p.Kind, p.To.Title, p.Address))
			if lerr := log.Append(email.LogEntry{Time: e.Now(), Kind: p.Kind, Recipient: p.To.Key, Address: p.Address,
				Files: p.digest, Result: email.Failed, Error: oneLine(err)}); lerr != nil {
				return lerr
			}
		}
		return serverError(err)
	}
	defer func() { conn.Close() }()

	sent, failed := 0, 0
	interval := c.MailInterval()
	for i, p := range todo {
		if i > 0 && interval > 0 {
			select {
			case <-ctx.Done():
			case <-time.After(interval):
			}
		}
		if ctx.Err() != nil {
			fmt.Fprintln(e.Err, e.p.Sprintf("stopped: %d messages not sent; run prakat send again to send them", len(todo)-i))
			return failedCount(failed + len(tooLarge) + len(todo) - i)
		}
		now := e.Now()
		msg, err := composer.Compose(p.Delivery, p.files, now)
		if err != nil {
			return err
		}
		accepted, err := conn.Send(msg)
		entry := email.LogEntry{Time: now, Kind: p.Kind, Recipient: p.To.Key, Address: p.Address, Files: p.digest,
			MessageID: strings.Trim(msg.GetMessageID(), "<>"), Result: email.Sent}
		if !accepted {
			entry.Result, entry.Error = email.Failed, oneLine(err)
		}
		// Written before the next message is tried: a run killed now keeps it.
		if lerr := log.Append(entry); lerr != nil {
			return lerr
		}
		if accepted {
			sent++
			fmt.Fprintln(e.Out, e.p.Sprintf("sent: %s: %s <%s>", p.Kind, p.To.Title, p.Address))
		} else {
			failed++
			fmt.Fprintln(e.Err, e.p.Sprintf("failed: %s: %s <%s>: %s", p.Kind, p.To.Title, p.Address, oneLine(err)))
		}
		if err != nil && !refusedRecipient(err) {
			// The connection is gone or in doubt: one new one, else stop.
			conn.Close()
			if conn, err = dial(); err != nil {
				fmt.Fprintln(e.Err, e.p.Sprintf("stopped: %d messages not sent; run prakat send again to send them", len(todo)-i-1))
				fmt.Fprintln(e.Out, e.p.Sprintf("sent %d messages, %d failed; %d were sent before", sent, failed, done))
				return serverError(err)
			}
		}
	}
	fmt.Fprintln(e.Out, e.p.Sprintf("sent %d messages, %d failed; %d were sent before", sent, failed, done))
	return failedCount(failed + len(tooLarge))
}

// failedCount is the error of a run that left messages unsent: exit 1.
func failedCount(n int) error {
	if n == 0 {
		return nil
	}
	return messages.Errorf("", "%d messages were not sent", n).WithHint("the send log records why; correct it and run prakat send again: it sends only what was not sent")
}

// refusedRecipient reports whether the server refused the address alone,
// the connection staying good for the next message.
func refusedRecipient(err error) bool {
	var se *gomail.SendError
	return errors.As(err, &se) && se.Reason == gomail.ErrSMTPRcptTo
}

func oneLine(err error) string {
	if err == nil {
		return ""
	}
	return strings.Join(strings.Fields(err.Error()), " ")
}

// askPassword reads the server's password from PRAKAT_SMTP_PASSWORD, or
// asks on the terminal without echo.
func askPassword(e *env, srv *email.Server) (string, error) {
	if p := e.Env(PasswordVar); p != "" {
		return p, nil
	}
	if f, ok := e.In.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(e.Err, e.p.Sprintf("password for %s at %s: ", srv.User, srv.Host))
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(e.Err)
		if err != nil {
			return "", err
		}
		return string(b), nil
	}
	return "", messages.Errorf(srv.Address(), "the mail server needs the password of %s", srv.User).
		WithHint("set %s, or run prakat send on a terminal to be asked", PasswordVar)
}

// dryRun writes the messages that a run would send into the outbox, one
// .eml file each, replacing the outbox of an earlier dry run.
func dryRun(e *env, o *sendOptions, c *campaign.Campaign, composer *email.Composer, todo []pending, done, noAddress, tooLarge int) error {
	dir := o.Outbox
	if dir == "" {
		dir = c.Path("outbox")
	}
	if entries, err := os.ReadDir(dir); err == nil {
		for _, en := range entries {
			if en.IsDir() || filepath.Ext(en.Name()) != ".eml" {
				return messages.Errorf(dir, "holds files other than .eml messages; nothing was written").WithHint("choose another folder with --outbox")
			}
		}
		if err := os.RemoveAll(dir); err != nil {
			return err
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for i, p := range todo {
		msg, err := composer.Compose(p.Delivery, p.files, e.Now())
		if err != nil {
			return err
		}
		name := fmt.Sprintf("%03d-%s-%s.eml", i+1, p.Kind, generate.FileName(p.To.Title))
		if err := msg.WriteToFile(filepath.Join(dir, name)); err != nil {
			return err
		}
	}
	fmt.Fprintln(e.Out, e.p.Sprintf("dry run: %d messages written to %s for review, none sent; %d were sent before, %d recipients have no address", len(todo), dir, done, noAddress))
	return failedCount(tooLarge)
}
