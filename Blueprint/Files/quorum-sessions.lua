-- Loaded by the haproxy.cfg redis-ha generates (see HaproxyConfig and HaproxyBackends).
--
-- A client session lives on backend node_N. Its server's own check cuts the sessions when node N
-- stops answering role:master with enough good replicas (on-marked-down shutdown-sessions). The
-- frontend sends a new connection to N only while at least REDIS_HA_QUORUM servers of
-- sentinels_naming_N are UP, one per sentinel that names N as master. This task holds the sessions
-- already open to the same rule: once fewer than a quorum of sentinels name N, N's sessions are cut,
-- so no client keeps writing to a master the sentinels have left. A single sentinel that stops
-- answering (its pod restarting in a rolling update, one slow check) leaves a quorum and cuts nothing.

local POLL_MS = 100

local function approvals(node)
  local approval = core.backends["sentinels_naming_" .. node]
  return approval and tonumber(approval:get_stats().act) or 0
end

local function cut_sessions_of_unapproved_nodes(quorum)
  for name, backend in pairs(core.backends) do
    local node = string.match(name, "^node_(%d+)$")
    if node and approvals(node) < quorum then
      for _, server in pairs(backend.servers) do
        if tonumber(server:get_stats().scur) > 0 then
          server:shut_sess()
        end
      end
    end
  end
end

core.register_task(function()
  local quorum = tonumber(os.getenv("REDIS_HA_QUORUM"))
  if not quorum then
    core.Alert("quorum-sessions.lua: REDIS_HA_QUORUM is not set; sessions are cut only by each node's own check")
    return
  end
  while true do
    -- A failed round is logged and retried: the task must outlive any one error.
    local ok, err = pcall(cut_sessions_of_unapproved_nodes, quorum)
    if not ok then core.Alert("quorum-sessions.lua: " .. tostring(err)) end
    core.msleep(POLL_MS)
  end
end)
