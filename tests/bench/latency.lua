-- wrk reporter: one JSON line with p50, p95, requests per second and errors.
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    '{"p50_ms": %.3f, "p95_ms": %.3f, "rps": %.1f, "requests": %d, "errors": %d}\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000,
    summary.requests / seconds, summary.requests, errors))
end
