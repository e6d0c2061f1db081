package redirect

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/dom"
	"github.com/chromedp/chromedp"
)

// chromium finds a Chromium to drive, or skips the test where there is
// none and this is not CI (.ci/run installs it).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("no chromium: .ci/run installs it")
	}
	t.Skip("no chromium on this machine (apt-get install chromium): the dashboard is not opened in a browser")
	return ""
}

// css looks elements up by a CSS selector only: a plain search would also
// match the selector's text in the page's style sheet.
func css(selector string) chromedp.QueryOption {
	return chromedp.ByFunc(func(ctx context.Context, t *chromedp.Target, n *chromedp.Node) ([]cdp.NodeID, error) {
		res, err := cdp.Call(ctx, t, dom.QuerySelectorAll, dom.QuerySelectorAllParams{NodeID: n.NodeID, Selector: selector})
		return res.NodeIDs, err
	})
}

// The dashboard in a real browser, on a phone's screen, under its
// Content-Security-Policy: signed out it shows only the sign-in form and
// its data refuses; signed in, its script draws the districts and shares.
// PRAKAT_DASHBOARD_SCREENSHOT=file.png keeps a picture of the page.
func TestDashboardInBrowser(t *testing.T) {
	exe := chromium(t)
	ts, _ := newDashboard(t)

	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.NoSandbox, // tests may run as root
		chromedp.WindowSize(390, 844),
		chromedp.Flag("lang", "th-TH"),
	)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	ctx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	defer cancelAlloc()
	ctx, cancelBrowser := chromedp.NewContext(ctx)
	defer cancelBrowser()

	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text("", css(sel)))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	do := func(steps ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		if err := chromedp.Do(ctx, steps...); err != nil {
			t.Fatal(err)
		}
	}

	do(chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
		chromedp.Navigate(ts.URL+"/dashboard/data"))
	if data := text("body"); !strings.Contains(data, "unauthorized") {
		t.Errorf("/dashboard/data signed out shows %q", data)
	}
	do(chromedp.Navigate(ts.URL+"/dashboard"), chromedp.WaitVisible("", css("#token")))
	signedOut := text("body")
	do(chromedp.SendKeys("", "not the token", css("#token")), chromedp.Submit("", css("#token")),
		chromedp.WaitVisible("", css(".error")))
	wrong := text("body")
	if strings.Contains(signedOut, "บ้านแพ้ว") || strings.Contains(wrong, "บ้านแพ้ว") {
		t.Error("the districts are shown before signing in")
	}
	if !strings.Contains(wrong, "โทเค็นไม่ถูกต้อง") {
		t.Errorf("after a wrong token the page says %q", wrong)
	}

	// The script sets data-live once it has drawn the polled data: it ran
	// under the page's Content-Security-Policy.
	do(chromedp.SendKeys("", dashToken, css("#token")), chromedp.Submit("", css("#token")),
		chromedp.WaitVisible("", css(`body[data-live="1"]`)))
	districts, total := text("#districts"), text("#total")
	for _, want := range []string{"อำเภอเมืองสมุทรสาคร", "1/3", "33%", "อำเภอบ้านแพ้ว", "1/2", "50%", "ต้องติดตาม 2 หน่วย", "ต้องติดตาม 1 หน่วย"} {
		if !strings.Contains(districts, want) {
			t.Errorf("the districts drawn lack %q:\n%s", want, districts)
		}
	}
	if !strings.Contains(total, "2/5") || !strings.Contains(total, "40%") {
		t.Errorf("the total drawn: %q", total)
	}
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(90))
	if err != nil {
		t.Fatal(err)
	}
	if p := os.Getenv("PRAKAT_DASHBOARD_SCREENSHOT"); p != "" {
		if err := os.WriteFile(p, shot, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
