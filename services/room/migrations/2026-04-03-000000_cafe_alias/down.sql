ALTER TABLE room_objects DROP COLUMN owner_name;
ALTER TABLE rooms DROP COLUMN alias_id;
