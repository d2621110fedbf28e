-- Loaded by the haproxy.cfg redis-ha generates (see HaproxyConfig and HaproxyBackends).
--
-- The frontend sends a new connection to node N only while N's Redis answers role:master (the
-- check of backend node_N's one server) and at least REDIS_HA_QUORUM servers of sentinels_naming_N
-- are ready: one server per sentinel, ready while that sentinel names N. This script keeps those
-- servers, and holds the sessions already open to the same rule.
--
-- Asking: a sentinel is asked which node it names (SENTINEL get-master-addr-by-name) over a
-- connection that stays open, and sentinel_S is then made ready in the backend of the node it
-- names and put in maintenance in every other. Per sentinel, two tasks ask:
-- - one subscribes to the sentinel's events and asks after each (a sentinel announces every change
--   of its master, +switch-master, +monitor, -monitor, and much else), so a new master is approved
--   within milliseconds of a sentinel naming it;
-- - one asks every REDIS_HA_SENTINEL_POLL_MS (the check interval) whatever happens: a sentinel
--   that does not answer within REDIS_HA_SENTINEL_TIMEOUT_MS, or answers anything else, names no
--   node until it answers again (a frozen or vanished sentinel sends no event).
-- Why not a health check per approval server: that opens nodes x sentinels connections every
-- check interval on every proxy, each one authenticating, and sees a change only at its next check.
--
-- A new master, routed at once: when a quorum of sentinels starts to name node N while N's
-- server is DOWN (a failover's new master was a replica until a moment ago), N is asked here at
-- once what its check asks (role:master, and REDIS_HA_MIN_GOOD_REPLICAS good replicas), and its
-- server is forced UP when it answers so, instead of waiting up to a check interval for its next
-- check. Its check goes on as before and takes it DOWN again, cutting its sessions, should it fail.
-- Why not check DOWN servers more often instead: that costs a connection per server every few
-- hundred milliseconds on every proxy, all the time, for what happens at a failover.
--
-- Every connection goes through a listener on a unix socket in the proxy's run folder,
-- sentinel_link_S for sentinel S and node_link_N for node N's Redis: it leaves from the proxy's
-- source address and speaks TLS as every other server of haproxy.cfg does, which a Lua socket by
-- itself cannot.
--
-- Holding: a client session lives on backend node_N; its server's own check cuts the sessions
-- when N stops being such a master (on-marked-down shutdown-sessions). Once fewer than a quorum of
-- sentinels name N, its sessions are cut here, so no client keeps writing to a master the sentinels
-- have left. A single sentinel that stops answering (its pod restarting in a rolling update)
-- leaves a quorum and cuts nothing.

local function setting(name)
  local value = tonumber(os.getenv(name))
  if not value then error("sentinel-approvals.lua: " .. name .. " is not set") end
  return value
end

local QUORUM = setting("REDIS_HA_QUORUM")
-- Every node runs one sentinel: sentinel S lives on node S.
local NODES = setting("REDIS_HA_NODE_COUNT")
local POLL_MS = setting("REDIS_HA_SENTINEL_POLL_MS")
local MIN_GOOD_REPLICAS = setting("REDIS_HA_MIN_GOOD_REPLICAS")
local TIMEOUT_S = setting("REDIS_HA_SENTINEL_TIMEOUT_MS") / 1000
local MASTER_NAME = os.getenv("REDIS_HA_MASTER_NAME")
local RUN_DIR = os.getenv("REDIS_HA_PROXY_RUN_DIR")
-- A Lua socket's timeout bounds each wait for an answer, and also ends a connection left idle for
-- that long. So a connection kept for questions waits under a long timeout between them and gets
-- the answer timeout back before each. A subscription that hears nothing for a minute is closed
-- and opened again: one to a vanished pod would otherwise wait forever.
local KEPT_IDLE_S = 3600
local SUBSCRIPTION_IDLE_S = 60
local SWEEP_MS = 100
-- How often a node a quorum has just started to name is asked again while it is not yet such a
-- master (its replicas still attaching, say), for at most one check interval.
local CONFIRM_RETRY_MS = 50

-- A Redis command in RESP: every argument carries its byte length, so any password byte is safe.
local function command(...)
  local parts = { "*" .. select("#", ...) .. "\r\n" }
  for _, arg in ipairs({ ... }) do
    parts[#parts + 1] = "$" .. #arg .. "\r\n" .. arg .. "\r\n"
  end
  return table.concat(parts)
end

local function read_line(link)
  local line, err = link:receive("*l")
  if not line then error("no answer (" .. tostring(err) .. ")", 0) end
  return line
end

-- One RESP2 reply: a string, a table for an array, nil for a null, { error = text } for an error.
local function read_reply(link)
  local line = read_line(link)
  local kind, rest = line:sub(1, 1), line:sub(2)
  if kind == "+" or kind == ":" then return rest end
  if kind == "-" then return { error = rest } end
  local length = tonumber(rest)
  if kind == "$" then
    if length < 0 then return nil end
    local data, err = link:receive(length + 2)
    if not data then error("no answer (" .. tostring(err) .. ")", 0) end
    return data:sub(1, length)
  end
  if kind == "*" then
    if length < 0 then return nil end
    local items = {}
    for i = 1, length do items[i] = read_reply(link) end
    return items
  end
  error("unreadable answer " .. line, 0)
end

-- During a password rotation the previous password is tried first and the current one after it:
-- a sentinel accepts at least one, and a refused AUTH leaves an authenticated connection as it was.
local function passwords()
  local list = {}
  for _, name in ipairs({ "REDIS_HA_PREVIOUS_PASSWORD", "REDISCLI_AUTH" }) do
    local password = os.getenv(name)
    if password and password ~= "" then list[#list + 1] = password end
  end
  return list
end

-- An authenticated connection through the listener on RUN_DIR/socket.
local function open_link(socket)
  local link = core.tcp()
  link:settimeout(TIMEOUT_S)
  local connected, err = link:connect("unix@" .. RUN_DIR .. "/" .. socket)
  if not connected then
    link:close()
    error("cannot open the link (" .. tostring(err) .. ")", 0)
  end
  local authenticated, failure = pcall(function()
    for _, password in ipairs(passwords()) do
      link:send(command("AUTH", password))
      read_reply(link)
    end
  end)
  if not authenticated then
    link:close()
    error(failure, 0)
  end
  return link
end

local function sentinel_link(sentinel)
  return open_link("sentinel-" .. sentinel .. ".sock")
end

-- The address the sentinel names as master, or nil when it monitors no such master.
local function named_address(link)
  link:send(command("SENTINEL", "get-master-addr-by-name", MASTER_NAME))
  local reply = read_reply(link)
  if reply == nil then return nil end
  if type(reply) == "table" and type(reply[1]) == "string" then return reply[1] end
  error("answers " .. (type(reply) == "table" and tostring(reply.error) or tostring(reply)), 0)
end

local function node_address(node)
  return os.getenv("REDIS_HA_NODE_" .. node .. "_IP")
end

-- The node at address, or nil. Addresses are compared whole, never as a prefix: 10.0.0.1 is not
-- 10.0.0.12.
local function node_at(address)
  for node = 0, NODES - 1 do
    if address ~= nil and address == node_address(node) then return node end
  end
  return nil
end

local function approve(sentinel, address)
  local server = "sentinel_" .. sentinel
  local named = node_at(address)
  for node = 0, NODES - 1 do
    local approval = core.backends["sentinels_naming_" .. node].servers[server]
    -- Both calls are no-ops (and log nothing) on a server already in that state.
    if node == named then approval:set_ready() else approval:set_maint() end
  end
end

-- How many sentinels name node N: its approval servers that are ready.
local function approvals_of(node)
  return tonumber(core.backends["sentinels_naming_" .. node]:get_stats().act)
end

local function cut_sessions_of_unapproved_nodes()
  for node = 0, NODES - 1 do
    if approvals_of(node) < QUORUM then
      for _, server in pairs(core.backends["node_" .. node].servers) do
        if tonumber(server:get_stats().scur) > 0 then server:shut_sess() end
      end
    end
  end
end

local function described(address)
  if address == nil then return "names no master" end
  local node = node_at(address)
  if node == nil then return "names " .. address .. ", no node of this proxy" end
  return "names node " .. node .. " (" .. address .. ")"
end

local function microseconds_now()
  local now = core.now()
  return now.sec * 1000000 + now.usec
end

-- Every task must outlive any one error: a failed round is logged and the next one comes.
local function logged(round, ...)
  local ok, err = pcall(round, ...)
  if not ok then core.Alert("sentinel-approvals.lua: " .. tostring(err)) end
end

local function node_server(node)
  return core.backends["node_" .. node].servers["redis"]
end

local function is_up(server)
  return server:get_stats().status:sub(1, 2) == "UP"
end

-- Whether node N's Redis answers what its check expects: role:master, and at least
-- MIN_GOOD_REPLICAS good replicas when that is set. Any failure is a no.
local function answers_master(node)
  local answered, info = pcall(function()
    local link = open_link("node-" .. node .. ".sock")
    local asked, reply = pcall(function()
      link:send(command("INFO", "replication"))
      return read_reply(link)
    end)
    link:close()
    if not asked then error(reply, 0) end
    return reply
  end)
  if not answered or type(info) ~= "string" then return false end
  if not info:find("\nrole:master\r", 1, true) then return false end
  if MIN_GOOD_REPLICAS == 0 then return true end
  return (tonumber(info:match("\nmin_slaves_good_slaves:(%d+)")) or 0) >= MIN_GOOD_REPLICAS
end

-- Nodes being asked by a confirmation task: one task per node at a time.
local confirming = {}

-- Asks node N, now and then every CONFIRM_RETRY_MS for one check interval, until it answers as a
-- master or its server is UP by its own check; forces the server UP when it answers so.
local function confirm_master_soon(node)
  local server = node_server(node)
  if confirming[node] or is_up(server) then return end
  confirming[node] = true
  -- Should the task not start, the flag must not stay set: it would turn this path off for the node.
  local started, err = pcall(core.register_task, function()
    logged(function()
      local ends_at = microseconds_now() + POLL_MS * 1000
      repeat
        if is_up(server) then return end
        if answers_master(node) then
          server:check_force_up()
          core.Info("sentinel-approvals.lua: node " .. node ..
            " answers as master: UP before its next check")
          return
        end
        core.msleep(CONFIRM_RETRY_MS)
      until microseconds_now() >= ends_at
    end)
    confirming[node] = nil
  end)
  if not started then
    confirming[node] = nil
    core.Alert("sentinel-approvals.lua: " .. tostring(err))
  end
end

-- One question over asker.link, opened when needed and closed after any failure (a late or
-- garbled answer could still arrive: the next question goes on a new connection).
local function question(sentinel, asker)
  local asked, result = pcall(function()
    asker.link = asker.link or sentinel_link(sentinel)
    asker.link:settimeout(TIMEOUT_S)
    local address = named_address(asker.link)
    asker.link:settimeout(KEPT_IDLE_S)
    return address
  end)
  if not asked and asker.link then
    asker.link:close()
    asker.link = nil
  end
  return asked, result
end

-- Per sentinel: when the question whose answer is in force was sent, and what was logged last.
local applied_asked_at, said = {}, {}

-- Asks sentinel S and applies the answer, unless a question sent later was answered first: the
-- two tasks ask over connections of their own, so their answers may arrive out of order.
local function ask_and_apply(sentinel, asker)
  local asked_at = microseconds_now()
  local kept = asker.link ~= nil
  local answered, result = question(sentinel, asker)
  if not answered and kept and microseconds_now() - asked_at < TIMEOUT_S * 1000000 then
    -- The kept connection was found closed (the sentinel restarted, say), not slow: ask once
    -- more on a new one before taking the sentinel for silent.
    answered, result = question(sentinel, asker)
  end
  if asked_at < (applied_asked_at[sentinel] or 0) then return end
  applied_asked_at[sentinel] = asked_at
  local address = answered and result or nil
  approve(sentinel, address)
  local now = answered and described(address) or ("does not answer: " .. tostring(result))
  if now ~= said[sentinel] then
    core.Info("sentinel-approvals.lua: sentinel " .. sentinel .. " " .. now)
    said[sentinel] = now
    cut_sessions_of_unapproved_nodes()
    -- The node is routed to from the moment a quorum names it, if its server is UP by then.
    local named = node_at(address)
    if named ~= nil and approvals_of(named) >= QUORUM then confirm_master_soon(named) end
  end
end

local function ask_every_interval(sentinel)
  local asker = {}
  while true do
    logged(ask_and_apply, sentinel, asker)
    core.msleep(POLL_MS)
  end
end

local function ask_after_every_event(sentinel)
  local asker = {}
  while true do
    -- Any failure (the sentinel away, the subscription idle) ends this subscription quietly: the
    -- interval task says what the sentinel answers, and a new subscription follows.
    pcall(function()
      local events = sentinel_link(sentinel)
      local _, err = pcall(function()
        events:settimeout(SUBSCRIPTION_IDLE_S)
        events:send(command("PSUBSCRIBE", "*"))
        read_reply(events)
        while true do
          -- First right after subscribing, so no change between the two is missed.
          logged(ask_and_apply, sentinel, asker)
          read_reply(events)
        end
      end)
      events:close()
      error(err, 0)
    end)
    core.msleep(POLL_MS)
  end
end

for sentinel = 0, NODES - 1 do
  core.register_task(function() ask_every_interval(sentinel) end)
  core.register_task(function() ask_after_every_event(sentinel) end)
end

-- Also every SWEEP_MS, not only when a sentinel changes its mind: a session the frontend accepted
-- in the instant an approval was withdrawn is cut by the next round.
core.register_task(function()
  while true do
    logged(cut_sessions_of_unapproved_nodes)
    core.msleep(SWEEP_MS)
  end
end)
