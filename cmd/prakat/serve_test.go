package main

import (
	"bufio"
	"context"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/prakat/prakat/internal/cli"
	"github.com/prakat/prakat/internal/sqlite"
)

// startServe runs `prakat serve` as a process of its own and returns it
// with its base address.
func startServe(t *testing.T, bin string, args ...string) (*exec.Cmd, string) {
	t.Helper()
	cmd := exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		cmd.Process.Kill()
		t.Fatalf("serve printed %q: %v", line, err)
	}
	m := regexp.MustCompile(`http://[0-9.:]+`).FindString(line)
	if m == "" {
		t.Fatalf("serve printed %q", line)
	}
	return cmd, m
}

// TestServeSurvivesKill9 loads the server, kills it with SIGKILL, starts it
// again on the same file: every redirect a client received is stored, and
// the database passes SQLite's integrity check.
func TestServeSurvivesKill9(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server")
	}
	dir := t.TempDir()
	bin := buildPrakat(t, dir)
	camp := filepath.Join(dir, "camp")
	var sink strings.Builder
	if code := cli.Run([]string{"init", camp, "--survey-url", "https://survey.example.go.th/s", "--short-base", "https://s.example.go.th"}, cli.IO{Out: &sink, Err: &sink}); code != 0 {
		t.Fatal(sink.String())
	}
	var csv strings.Builder
	if code := cli.Run([]string{"links", "--config", camp}, cli.IO{Out: &csv, Err: &sink}); code != 0 {
		t.Fatal(sink.String())
	}
	var tokens []string
	for _, line := range strings.Split(csv.String(), "\n")[1:] {
		if f := strings.Split(line, ","); len(f) == 6 {
			tokens = append(tokens, f[4])
		}
	}
	db := filepath.Join(dir, "scans.db")
	srv, base := startServe(t, bin, "--config", camp, "--db", db)

	client := &http.Client{Timeout: 5 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	var mu sync.Mutex
	received := map[string]int{}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	for w := 0; w < 16; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < 20000 && ctx.Err() == nil; i += 16 {
				tok := tokens[i%len(tokens)]
				req, _ := http.NewRequestWithContext(ctx, "GET", base+"/"+tok, nil)
				req.Header.Set("User-Agent", "Mozilla/5.0 (iPhone) Mobile")
				resp, err := client.Do(req)
				if err != nil {
					continue
				}
				resp.Body.Close()
				if resp.StatusCode == http.StatusFound {
					mu.Lock()
					received[tok]++
					mu.Unlock()
				}
			}
		}()
	}
	time.Sleep(700 * time.Millisecond)
	srv.Process.Signal(syscall.SIGKILL)
	srv.Wait()
	cancel()
	wg.Wait()
	total := 0
	for _, n := range received {
		total += n
	}
	if total < 50 {
		t.Fatalf("only %d redirects before the kill; the load did not run", total)
	}

	// Start again on the same file, then stop it the polite way.
	srv, _ = startServe(t, bin, "--config", camp, "--db", db)
	srv.Process.Signal(syscall.SIGTERM)
	if err := srv.Wait(); err != nil {
		t.Errorf("serve after SIGTERM: %v", err)
	}

	store, err := sqlite.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	if err := store.Check(context.Background()); err != nil {
		t.Fatal(err)
	}
	st, err := store.Stats(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	byToken := map[string]string{}
	for _, line := range strings.Split(csv.String(), "\n")[1:] {
		if f := strings.Split(line, ","); len(f) == 6 {
			byToken[f[4]] = f[0]
		}
	}
	stored := 0
	for tok, n := range received {
		code := byToken[tok]
		if st[code].Scans < n {
			t.Errorf("%s: clients received %d redirects; %d scans stored", code, n, st[code].Scans)
		}
		stored += st[code].Scans
	}
	t.Logf("%d redirects received before the kill, %d scans stored", total, stored)
	os.Remove(bin)
}
