-- A post becomes `published` once none of its publications is still on its way (scheduled,
-- publishing, unconfirmed or held) and at least one went out. Kept in the database because every
-- path that settles a publication (worker, reconcile, bulk cancel of held rows) must honour it, and
-- because the publishing feature sits below compose and must not call into it.
CREATE INDEX publications_post_idx ON publications(post_id) WHERE post_id IS NOT NULL;

CREATE FUNCTION posts_follow_publications() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- Lock the post first: two publications of one post settling in concurrent transactions would
  -- otherwise each still see the other as in flight, and neither would move the post. After the
  -- lock, the next statement reads a fresh snapshot (READ COMMITTED).
  PERFORM 1 FROM posts WHERE id = NEW.post_id FOR UPDATE;
  UPDATE posts SET state = 'published', updated_at = now()
   WHERE id = NEW.post_id
     AND state = 'scheduled'
     AND EXISTS (SELECT 1 FROM publications p WHERE p.post_id = NEW.post_id AND p.state = 'published')
     AND NOT EXISTS (
       SELECT 1 FROM publications p
        WHERE p.post_id = NEW.post_id AND p.state IN ('scheduled', 'publishing', 'unconfirmed', 'held'));
  RETURN NULL;
END $$;

CREATE TRIGGER publications_settle_post
  AFTER UPDATE OF state ON publications
  FOR EACH ROW
  WHEN (NEW.post_id IS NOT NULL AND NEW.state IN ('published', 'failed', 'cancelled') AND OLD.state IS DISTINCT FROM NEW.state)
  EXECUTE FUNCTION posts_follow_publications();
