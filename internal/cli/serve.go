package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"runtime"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/prakat/prakat/internal/campaign"
	"github.com/prakat/prakat/internal/links"
	"github.com/prakat/prakat/internal/redirect"
	"github.com/prakat/prakat/internal/roster"
	"github.com/spf13/cobra"
)

type serveOptions struct {
	campaignFlags
	DB          string
	Addr        string
	MetricsAddr string
	TLSCert     string
	TLSKey      string
	ACMEDomains []string
	ACMECache   string
}

func newServeCmd(e *env) *cobra.Command {
	var o serveOptions
	cmd := &cobra.Command{
		Use:   "serve --config DIR/campaign.yaml --db FILE|postgres://… [--addr HOST:PORT] [--tls-cert FILE --tls-key FILE | --acme-domain D --acme-cache DIR] [--units FILE] [--province P]",
		Short: "Answer the posters' short links, counting scans per unit",
		Long: `Serves the campaign's short links: GET /<token> (in any case) answers a
temporary redirect, never cached, to the unit's survey address, computed from
the campaign's survey_url when the server starts, and records the scan before
answering: committed to the SQLite file FILE, or to the PostgreSQL database of
a postgres://user:password@host/db URL, which several servers may share, each
scan counted once. Link previews (LINE, Facebook, WhatsApp,
Telegram, X, Slack, search engines) and HEAD requests are redirected too but
recorded as robots, not scans. No address is stored: a keyed hash under a salt
deleted when its day ends counts visitors. Unknown tokens get a 404 page in Thai.

  GET /healthz       ok
  GET /api/stats     every unit's counts as JSON, with Authorization: Bearer <stats_token>
  GET /metrics       Prometheus metrics, with the same token; or on --metrics-addr without
  GET /dashboard     per district, the share of units scanned and those to remind, in Thai,
                     refreshed live, after signing in with the same token (a cookie)

Plain HTTP, for use behind a reverse proxy that speaks HTTPS; or HTTPS itself
with --tls-cert and --tls-key (read again when renewed), or with --acme-domain
for an office with a domain and no proxy: Let's Encrypt certificates, fetched
on port 443 (--addr 0.0.0.0:443) and kept in --acme-cache.

Stops gracefully on SIGINT or SIGTERM, finishing the requests under way.`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error { return serveRun(cmd.Context(), e, &o) },
	}
	cmd.Flags().StringVar(&o.DB, "db", "", "the SQLite file of scans (created if missing), or a postgres:// URL")
	cmd.Flags().StringVar(&o.Addr, "addr", "127.0.0.1:8080", "the address to listen on")
	cmd.Flags().StringVar(&o.MetricsAddr, "metrics-addr", "", "serve /metrics on this address of its own, without the token")
	cmd.Flags().StringVar(&o.TLSCert, "tls-cert", "", "answer HTTPS with this certificate chain (PEM)")
	cmd.Flags().StringVar(&o.TLSKey, "tls-key", "", "the private key of --tls-cert (PEM)")
	cmd.Flags().StringSliceVar(&o.ACMEDomains, "acme-domain", nil, "answer HTTPS for this domain with Let's Encrypt certificates (repeatable)")
	cmd.Flags().StringVar(&o.ACMECache, "acme-cache", "", "the folder that keeps the Let's Encrypt account and certificates")
	o.campaignFlags.register(cmd)
	return cmd
}

// targets maps every issued token to its unit's survey address.
func targets(c *campaign.Campaign, units []roster.Unit) (map[string]redirect.Target, error) {
	l, err := links.Read(c.Path(c.Ledger))
	if err != nil {
		return nil, err
	}
	byCode := map[string]roster.Unit{}
	for _, u := range units {
		byCode[u.Code] = u
	}
	ts := map[string]redirect.Target{}
	for _, en := range l.Entries() {
		u, ok := byCode[en.Code]
		if !ok {
			u = roster.Unit{Code: en.Code} // issued once, no longer listed: still answered
		}
		ts[en.Token] = redirect.Target{Code: en.Code, Name: u.Name, URL: links.Destination(c.SurveyURL, u, en.Token)}
	}
	return ts, nil
}

func serveRun(ctx context.Context, e *env, o *serveOptions) error {
	if o.Config == "" || o.DB == "" {
		return usagef("serve needs --config DIR/campaign.yaml and --db FILE")
	}
	log := slog.New(slog.NewTextHandler(e.Err, nil))
	tlsConfig, err := o.tlsConfig(log)
	if err != nil {
		return err
	}
	c, list, err := o.open(e)
	if err != nil {
		return err
	}
	ts, err := targets(c, list.Units)
	if err != nil {
		return err
	}
	if len(ts) == 0 {
		return usagef("no links issued yet: run prakat links or prakat generate first")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	store, err := openStore(ctx, o.DB)
	if err != nil {
		return err
	}
	defer store.Close()
	// Each scan allocates a little and keeps nothing: collecting less often
	// leaves more of the machine to answering.
	debug.SetGCPercent(400)
	serveProcs()
	metrics := redirect.NewMetrics()
	store.Observe(metrics.ObserveBatch)
	srv := redirect.New(redirect.Options{Targets: ts, Store: store, StatsToken: c.StatsToken,
		Proxies: c.Proxies(), Header: c.ClientIPHeader, Log: log, Now: e.Now,
		Metrics: metrics, MetricsElsewhere: o.MetricsAddr != "",
		Title: c.Title, Units: list.Units, Dates: c.DateStyle()})
	hs := &http.Server{
		Handler:           srv.Handler(),
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      10 * time.Second,
		IdleTimeout:       60 * time.Second,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return err
	}
	scheme, serve := "http", func() error { return hs.Serve(ln) }
	if tlsConfig != nil {
		hs.TLSConfig = tlsConfig
		scheme, serve = "https", func() error { return hs.ServeTLS(ln, "", "") }
	}
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	go srv.ForgetSalts(ctx)
	log.Info("serving", "addr", ln.Addr().String(), "links", len(ts), "db", redactURL(o.DB))
	fmt.Fprintln(e.Out, e.p.Sprintf("serving %d links on %s://%s", len(ts), scheme, ln.Addr()))
	errc := make(chan error, 2)
	go func() { errc <- serve() }()
	if o.MetricsAddr != "" {
		mln, err := net.Listen("tcp", o.MetricsAddr)
		if err != nil {
			return err
		}
		mux := http.NewServeMux()
		mux.Handle("GET /metrics", metrics.Handler())
		ms := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second,
			ErrorLog: hs.ErrorLog}
		defer ms.Close()
		go func() { errc <- ms.Serve(mln) }()
		log.Info("serving metrics", "addr", mln.Addr().String())
		fmt.Fprintln(e.Out, e.p.Sprintf("metrics on http://%s/metrics", mln.Addr()))
	}
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	if err := hs.Shutdown(sctx); err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// defaultProcs is the runtime's own choice of GOMAXPROCS: the CPUs the
// process may use.
var defaultProcs = runtime.GOMAXPROCS(0)

// serveProcs lets two more goroutines run than there are CPUs, unless
// GOMAXPROCS is set. The log's sync (fdatasync) blocks in the kernel for
// most of a millisecond, holding its processor until the runtime notices
// and hands it on, and the writer's commit makes system calls of its own:
// with no processor to spare, the requests that arrive meanwhile wait,
// and so does the sync's goroutine for one when it returns. Under
// bench-serve.sh's load on two CPUs, 4 answered from 2% fewer to 22% more
// requests a second than 2 in 16 paired rounds (ahead in 14), 10% more
// on average; 3 about as many as 4; 6 and 8 fewer.
func serveProcs() {
	if os.Getenv("GOMAXPROCS") == "" {
		runtime.GOMAXPROCS(defaultProcs + 2)
	}
}

// redactURL hides the password of a postgres:// URL from the log.
func redactURL(db string) string {
	if u, err := url.Parse(db); err == nil && u.User != nil {
		return u.Redacted()
	}
	return db
}
