package redirect

import (
	"net/http"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics count what the server does, for Prometheus: GET /metrics.
type Metrics struct {
	reg       *prometheus.Registry
	scans     prometheus.Counter
	robots    prometheus.Counter
	lost      prometheus.Counter
	unknown   prometheus.Counter
	latency   prometheus.Histogram
	batchSize prometheus.Histogram
	batchWait prometheus.Histogram
}

// NewMetrics returns the server's metrics, with the Go runtime's and the
// process's beside them.
func NewMetrics() *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		scans: prometheus.NewCounter(prometheus.CounterOpts{Name: "prakat_scans_total",
			Help: "Scans recorded by this server, people and robots: each committed to the store before its redirect."}),
		robots: prometheus.NewCounter(prometheus.CounterOpts{Name: "prakat_robot_scans_total",
			Help: "Of the scans recorded, those by link previews, crawlers and HEAD requests."}),
		lost: prometheus.NewCounter(prometheus.CounterOpts{Name: "prakat_scan_errors_total",
			Help: "Scans redirected but not recorded: the store failed (see the log)."}),
		unknown: prometheus.NewCounter(prometheus.CounterOpts{Name: "prakat_unknown_tokens_total",
			Help: "Requests for a path that is no issued token, answered 404."}),
		latency: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "prakat_redirect_duration_seconds",
			Help:    "Time from a scan's request to its redirect, the store's commit included.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .2, .5, 1, 2, 5}}),
		batchSize: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "prakat_store_batch_size",
			Help:    "Scans committed together in one transaction.",
			Buckets: prometheus.ExponentialBuckets(1, 2, 9)}),
		batchWait: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "prakat_store_wait_seconds",
			Help:    "Time the oldest scan of a batch waited from its request until the batch was durable: committed, and for SQLite its log synced.",
			Buckets: []float64{.0005, .001, .002, .005, .01, .02, .05, .1, .2, .5, 1, 2, 5}}),
	}
	m.reg.MustRegister(m.scans, m.robots, m.lost, m.unknown, m.latency, m.batchSize, m.batchWait,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return m
}

// ObserveBatch is told of each commit of the store: a tracking.BatchObserver.
func (m *Metrics) ObserveBatch(size int, wait time.Duration) {
	m.batchSize.Observe(float64(size))
	m.batchWait.Observe(wait.Seconds())
}

// Handler serves the metrics in Prometheus's text format, to anyone: mount
// it behind a token (Server.Handler does) or on an address of its own.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}
