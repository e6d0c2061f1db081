package cli

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"syscall"
	"time"

	"github.com/prakat/prakat/fonts"
	"github.com/prakat/prakat/internal/campaign"
	"github.com/prakat/prakat/internal/email"
	"github.com/prakat/prakat/internal/generate"
	"github.com/prakat/prakat/internal/letter"
	"github.com/prakat/prakat/internal/links"
	"github.com/prakat/prakat/internal/messages"
	"github.com/prakat/prakat/internal/poster"
	"github.com/prakat/prakat/internal/qr"
	"github.com/prakat/prakat/internal/social"
	"github.com/prakat/prakat/internal/thai"
	"github.com/prakat/prakat/internal/tracking"
	"github.com/prakat/prakat/internal/typeset"
	"github.com/prakat/prakat/templates"
	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

type generateOptions struct {
	campaignFlags
	Out   string
	Jobs  int
	Quiet bool
	Zip   bool
	// NoPictures and CPUProfile are for measuring: the run without the
	// pictures (timed on their own), and a CPU profile written to a file.
	NoPictures bool
	CPUProfile string
}

func newGenerateCmd(e *env) *cobra.Command {
	var o generateOptions
	cmd := &cobra.Command{
		Use:   "generate --config DIR/campaign.yaml --out OUT [--units FILE] [--province P] [--jobs N]",
		Short: "Make every unit's poster and QR image, and each district's print file",
		Long: `Issues every unit its link (as prakat links does) and writes:

  OUT/<district>/<code>-<name>.pdf   the unit's A4 poster with its QR code
  OUT/<district>/<code>-qr.png       the QR code alone, for websites and social media
  OUT/<district>/<code>-social.png   a 1080×1080 picture for social media: the invitation, the QR code
  OUT/<district>/<code>-banner.png   a 1200×630 banner for the unit's website and link previews
  OUT/<district>/<code>-web.html     the banner linked to the unit's link, to paste into its website
  OUT/<district>/print-all.pdf       every poster of the district, for one print job
  OUT/<district>/<code>-<name>-A3.pdf  with print_formats: the poster as A3, A5 or tent,
  OUT/<district>/print-all-A3.pdf       and each district's print file in that format
  OUT/<district>/letter.pdf          the district's letter forwarding them to its units
  OUT/letters/circular.pdf           the province's circular, with its list of recipients
  OUT/letters/NN-<recipient>.pdf     a copy of it for each recipient
  OUT/manifest.csv                   code,type,name,district,token,link,poster,qr_level,qr,social,banner,web
  OUT/letters.csv                    recipient,district,file
  OUT/<district>.zip                 with --zip: the district's files and manifest, to send on

Every name, glyph and path is checked before any link is issued. OUT is built
beside its place and moved there whole: on any error, a kill or Ctrl-C, it
stays as it was, and the next run clears what was left. OUT keeps a record of
the files prakat made (.prakat-files); a folder holding any other file, or one
changed since, is refused, naming the files, never emptied. One run at a time
writes a folder.

A unit's emblem, logos/<code>.png or .jpg in the campaign folder (the folder
campaign.yaml names in logos:), is drawn on its poster and pictures; one that
cannot be read is named in a warning and the unit is made without it.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return generateRun(cmd.Context(), e, &o) },
	}
	cmd.Flags().StringVar(&o.Out, "out", "", "the output folder")
	cmd.Flags().IntVar(&o.Jobs, "jobs", 0, "posters made at once (default: one per CPU)")
	cmd.Flags().BoolVarP(&o.Quiet, "quiet", "q", false, "print nothing but errors")
	cmd.Flags().BoolVar(&o.Zip, "zip", false, "also pack each district's files into OUT/<district>.zip")
	cmd.Flags().BoolVar(&o.NoPictures, "no-pictures", false, "leave out the social-media pictures, banners and web snippets")
	cmd.Flags().StringVar(&o.CPUProfile, "cpuprofile", "", "write a CPU profile of the run to this file")
	cmd.Flags().MarkHidden("no-pictures")
	cmd.Flags().MarkHidden("cpuprofile")
	o.campaignFlags.register(cmd)
	return cmd
}

func generateRun(ctx context.Context, e *env, o *generateOptions) error {
	if o.Quiet { // nothing but errors, which the caller prints
		quiet := *e
		quiet.Err = io.Discard
		e = &quiet
	}
	if o.Config == "" || o.Out == "" {
		return usagef("generate needs --config DIR/campaign.yaml and --out OUT")
	}
	if o.Jobs < 0 {
		return usagef("--jobs must be 1 or more")
	}
	c, err := campaign.Load(o.Config)
	if err != nil {
		return err
	}
	// The fonts and templates are made ready while the list is read: on
	// the national register each takes about a tenth of a second. A
	// refused list is told first, as when one followed the other.
	type made struct {
		job *posterJob
		err error
	}
	ready := make(chan made, 1)
	go func() {
		job, err := newPosterJob(c, !o.NoPictures)
		ready <- made{job, err}
	}()
	list, path, err := o.load(e, c)
	m := <-ready
	if err != nil {
		return err
	}
	o.path = path
	if m.err != nil {
		return m.err
	}
	job := m.job
	letters, err := newLetters(c, job, e.Now())
	if err != nil {
		return err
	}
	// A past closing date is the clerk's to judge (a campaign reprinted
	// after it closed, say): a warning, not a refusal.
	if !c.Closing().IsZero() && c.ClosingDate < tracking.Day(e.Now()) {
		fmt.Fprintln(e.Err, e.p.Sprintf("warning: %s: closing_date %s is in the past; the posters and letters will print it", filepath.Join(c.Dir, campaign.FileName), c.ClosingDate))
		fmt.Fprintln(e.Err, e.p.Sprintf("hint: %s", e.p.Sprint(messages.T("set closing_date in campaign.yaml to the day the survey closes"))))
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	gopt := generate.Options{Out: o.Out, Jobs: o.Jobs, Renderer: job.renderer, Fonts: job.fonts,
		QR: job.level, Fields: job.fields, Letters: letters, Zip: o.Zip, Source: o.path, PosterSource: job.template,
		Formats: printFormats(c.PrintFormats), Pictures: job.pictures, PicturesSource: job.picturesTemplate, Logos: c.Path(cmp.Or(c.Logos, "logos"))}
	finish := func() {}
	if !o.Quiet {
		gopt.Progress, finish = progress(e)
	}
	// Everything that could refuse the run is checked, and the output
	// folder held, before any link is issued: a refused run leaves the
	// ledger as it was.
	plan, err := generate.NewPlan(list.Units, gopt)
	if err != nil {
		return err
	}
	defer plan.Close()
	if len(plan.Waiting) > 0 {
		fmt.Fprintln(e.Err, e.p.Sprintf("warning: the district letters of %s are not made yet: they cite the province's letter, whose number and date letters.yaml does not give", strings.Join(plan.Waiting, ", ")))
		fmt.Fprintln(e.Err, e.p.Sprintf("hint: %s", e.p.Sprint(messages.T("once the province's letter is sent, fill province: number and sent in letters.yaml and run generate again; the posters and links stay the same"))))
	}
	as, err := issue(e, c, list.Units)
	if err != nil {
		return err
	}
	start := time.Now()
	tuneGC(job.pictures != nil)
	if o.CPUProfile != "" {
		stopProfile, err := startCPUProfile(o.CPUProfile)
		if err != nil {
			return err
		}
		defer stopProfile()
	}
	res, err := plan.Run(ctx, as)
	finish()
	if err != nil {
		return err
	}
	for _, w := range res.Warnings {
		fmt.Fprintln(e.Err, e.p.Sprintf("warning: %s: the emblem is left out", w))
	}
	// contacts.csv follows the recipients, keeping every address filled in.
	if rs, err := mailRecipients(c, list.Units); err == nil {
		if changed, err := email.RefreshContacts(c.ContactsPath(), rs); err != nil {
			fmt.Fprintln(e.Err, e.p.Sprintf("warning: %s was not brought up to date: %s", c.ContactsPath(), e.p.Error(err)))
		} else if changed && !o.Quiet {
			fmt.Fprintln(e.Out, e.p.Sprintf("%s: %d recipients; fill in their e-mail addresses before prakat send", c.ContactsPath(), len(rs)))
		}
	}
	if !o.Quiet {
		fmt.Fprintln(e.Out, e.p.Sprintf("%d posters for %d districts in %s (%.1f s, %d KB a poster)",
			len(res.Entries), res.Districts, o.Out, time.Since(start).Seconds(), res.Bytes/int64(max(len(res.Entries), 1))/1024))
	}
	return nil
}

// posterJob is what every poster of a campaign shares.
type posterJob struct {
	template string // the poster template's file, for messages
	renderer *poster.Renderer
	// pictures draws the social-media picture and the banner from the
	// template picturesTemplate.
	pictures         *social.Renderer
	picturesTemplate string
	fonts            poster.Fonts
	level            qr.Policy
	fields           func(links.Assignment) poster.Fields
	style            thai.DateStyle
	closing          string
}

// newLetters reads the campaign's letter template and its Garuda image.
func newLetters(c *campaign.Campaign, job *posterJob, now time.Time) (*generate.Letters, error) {
	name, t, err := letterTemplate(c)
	if err != nil {
		return nil, err
	}
	var garuda []byte
	if t.Garuda != "" {
		path := c.Path(t.Garuda)
		if garuda, err = os.ReadFile(path); err != nil {
			return nil, messages.Errorf(path, "cannot read the Garuda image").WithHint("fix garuda in %s, or empty it to keep the space blank", name)
		}
	}
	return &generate.Letters{
		Template: t,
		Source:   name,
		Layout:   letter.NewLayout(t, job.fonts.Regular, job.style, t.Garuda, garuda),
		Font:     job.fonts.Regular,
		Values:   letterValues(c, now),
	}, nil
}

// letterValues are the campaign's values the letters are filled with.
func letterValues(c *campaign.Campaign, now time.Time) letter.Values {
	return letter.Values{Title: c.Title, SurveyURL: c.SurveyURL, Closing: c.ClosingText(),
		Today: now.In(tracking.Thailand), Style: c.DateStyle()}
}

// letterTemplate reads the campaign's letter template, or the built-in one.
func letterTemplate(c *campaign.Campaign) (string, *letter.Template, error) {
	name, data, err := c.Path(c.LetterTemplate), []byte(nil), error(nil)
	if c.LetterTemplate == "" {
		name = templates.Letters
		data, err = templates.FS.ReadFile(templates.Letters)
	} else if data, err = os.ReadFile(name); err != nil {
		return "", nil, messages.Errorf(name, "cannot read the letter template").WithHint("fix letter_template in campaign.yaml, or empty it to use the built-in template")
	}
	if err != nil {
		return "", nil, err
	}
	t, err := letter.ParseTemplate(name, data)
	return name, t, err
}

func newPosterJob(c *campaign.Campaign, pictures bool) (*posterJob, error) {
	fs, err := loadFonts(c)
	if err != nil {
		return nil, err
	}
	name, data := templates.Poster, []byte(nil)
	if c.PosterTemplate != "" {
		name = c.Path(c.PosterTemplate)
		if data, err = os.ReadFile(name); err != nil {
			return nil, messages.Errorf(name, "cannot read the poster template").WithHint("fix poster_template in campaign.yaml, or empty it to use the built-in template")
		}
	} else if data, err = templates.FS.ReadFile(templates.Poster); err != nil {
		return nil, err
	}
	tmpl, err := poster.ParseTemplate(name, data)
	if err != nil {
		return nil, err
	}
	level, err := qr.ParsePolicy(c.QRLevel)
	if err != nil {
		return nil, err
	}
	style, closing := c.DateStyle(), c.ClosingText()
	contact := style.Number(c.Contact) // the same on every poster
	renderer, err := poster.NewRenderer(tmpl, fs)
	if err != nil {
		return nil, err
	}
	var sname string
	var pics *social.Renderer
	if pictures {
		if sname, pics, err = newPictures(c, fs); err != nil {
			return nil, err
		}
	}
	return &posterJob{
		template:         name,
		pictures:         pics,
		picturesTemplate: sname,
		renderer:         renderer,
		fonts:            fs,
		level:            level,
		style:            style,
		closing:          closing,
		fields: func(a links.Assignment) poster.Fields {
			u := a.Unit
			link := a.Link
			if len(link) > poster.MaxPrintedLink {
				link = "" // nobody types it: the QR code alone carries it
			}
			return poster.Fields{
				"name": u.Name, "district": u.District, "province": u.Province, "code": u.Code,
				"type": u.Type.String(), "link": link, "closing_date": closing,
				"contact": contact, "title": c.Title,
			}
		},
	}, nil
}

// newPictures reads the campaign's template of the social-media picture
// and the banner, or the built-in one.
func newPictures(c *campaign.Campaign, fs poster.Fonts) (string, *social.Renderer, error) {
	name, data, err := templates.Social, []byte(nil), error(nil)
	if c.SocialTemplate != "" {
		name = c.Path(c.SocialTemplate)
		if data, err = os.ReadFile(name); err != nil {
			return "", nil, messages.Errorf(name, "cannot read the picture template").WithHint("fix social_template in campaign.yaml, or empty it to use the built-in template")
		}
	} else if data, err = templates.FS.ReadFile(templates.Social); err != nil {
		return "", nil, err
	}
	t, err := social.ParseTemplate(name, data)
	if err != nil {
		return "", nil, err
	}
	r, err := social.NewRenderer(t, social.Fonts{Regular: fs.Regular, Bold: fs.Bold})
	return name, r, err
}

func loadFonts(c *campaign.Campaign) (poster.Fonts, error) {
	load := func(path string, builtin []byte, name string) (*typeset.Font, error) {
		data := builtin
		if path != "" {
			path = c.Path(path)
			b, err := os.ReadFile(path)
			if err != nil {
				return nil, messages.Errorf(path, "cannot read the font").WithHint("fix font_regular or font_bold in campaign.yaml")
			}
			data, name = b, filepath.Base(path)
		}
		f, err := typeset.LoadFont(name, data)
		if err != nil {
			return nil, &messages.Error{What: messages.T("unusable font"), Err: err}
		}
		return f, nil
	}
	reg, err := load(c.FontRegular, fonts.Regular, "Laksaman")
	if err != nil {
		return poster.Fonts{}, err
	}
	boldPath := c.FontBold
	if boldPath == "" && c.FontRegular != "" {
		boldPath = c.FontRegular // a campaign font without a bold: the same face
	}
	bold, err := load(boldPath, fonts.Bold, "Laksaman Bold")
	if err != nil {
		return poster.Fonts{}, err
	}
	return poster.Fonts{Regular: reg, Bold: bold}, nil
}

// progress reports on a terminal with a bar, elsewhere with a line at
// each tenth, or at each poster when there are at most 20: a count of 12
// by tenths would skip a number, which reads as a poster lost.
func progress(e *env) (func(done, total int), func()) {
	if f, ok := e.Err.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		var bar *progressbar.ProgressBar
		return func(done, total int) {
				if bar == nil {
					bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(e.Err),
						progressbar.OptionSetDescription(e.p.Sprintf("posters")), progressbar.OptionShowCount(),
						progressbar.OptionClearOnFinish(), progressbar.OptionThrottle(100*time.Millisecond))
				}
				bar.Set(done)
			}, func() {
				if bar != nil {
					bar.Finish()
				}
			}
	}
	last := -1
	return func(done, total int) {
		if tenth := done * 10 / total; tenth != last || total <= 20 {
			last = tenth
			fmt.Fprintln(e.Err, e.p.Sprintf("posters: %d of %d", done, total))
		}
	}, func() {}
}

// printFormats are the campaign's print formats besides the A4 poster,
// which is always made; campaign.Load has checked the names.
func printFormats(names []string) []poster.Format {
	var out []poster.Format
	seen := map[string]bool{"A4": true}
	for _, n := range names {
		if !seen[n] {
			seen[n] = true
			out = append(out, poster.Formats[n])
		}
	}
	return out
}

// startCPUProfile profiles the run into path; the returned function ends
// the profile and closes the file.
func startCPUProfile(path string) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, messages.Errorf(path, "cannot write the profile")
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { pprof.StopCPUProfile(); f.Close() }, nil
}

// tuneGC lets the heap grow to three times what is live, not twice, under a
// soft ceiling of 140 MiB: a run allocates much that lives briefly (pages,
// compressors' output, QR symbols), and on the national register this
// saves about a seventh of the CPU time, with a peak of about 160 MB
// against 145 MB. The pictures keep about 40 MB for the whole run (the
// glyphs, the pieces and words of the units' lines, see internal/social),
// and the collector marks them again at every cycle: with them the
// ceiling is 256 MiB, for a peak of about 280 MB on the national register
// and about a twentieth less CPU time than under 188 MiB (peak 210 MB),
// three rounds alternated. GOGC or GOMEMLIMIT in the environment are left
// to rule.
func tuneGC(pictures bool) {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(300)
	limit := int64(140 << 20)
	if pictures {
		limit = 256 << 20
	}
	debug.SetMemoryLimit(limit)
}
