DROP TABLE tool_logs;
DROP TABLE room_objects;
DROP TABLE object_placements;
DROP TABLE chat_messages;
DROP TABLE room_members;
DROP TABLE rooms;
