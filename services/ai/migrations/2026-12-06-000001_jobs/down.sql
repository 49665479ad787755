DROP TABLE job_images;
DROP TABLE job_attempts;
DROP TABLE jobs;
