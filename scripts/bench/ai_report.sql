-- After an ai_jobs.lua run: jobs accepted, completed, the end-to-end completion rate (first
-- accepted to last completed) and the queue latency (accepted -> processing) percentiles.
SELECT count(*) AS jobs,
       count(*) FILTER (WHERE status = 'completed') AS completed,
       round((count(*) FILTER (WHERE status = 'completed')
              / extract(epoch FROM max(completed_at) - min(created_at)))::numeric, 0) AS completed_per_s,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - created_at) * 1000)::numeric, 2) AS queue_p50_ms,
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM started_at - created_at) * 1000)::numeric, 2) AS queue_p99_ms,
       round(percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM completed_at - created_at) * 1000)::numeric, 2) AS done_p99_ms
FROM jobs;
