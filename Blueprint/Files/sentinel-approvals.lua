-- Loaded by the haproxy.cfg redis-ha generates (see HaproxyConfig and HaproxyBackends).
--
-- The frontend sends a new connection to node N only while N's Redis answers role:master (the
-- check of backend node_N's one server) and at least REDIS_HA_QUORUM servers of sentinels_naming_N
-- are ready: one server per sentinel, ready while that sentinel names N. This script keeps those
-- servers, and holds the sessions already open to the same rule.
--
-- Asking: one task per sentinel S keeps one connection to it and asks, every
-- REDIS_HA_SENTINEL_POLL_MS, which node it names (SENTINEL get-master-addr-by-name). It then makes
-- sentinel_S ready in the backend of that node and puts it in maintenance in every other. A
-- sentinel that does not answer within REDIS_HA_SENTINEL_TIMEOUT_MS, or answers anything else,
-- names no node until it answers again. Why not a health check per approval server: that opens
-- nodes x sentinels connections every check interval, each one authenticating, on every proxy;
-- this asks each sentinel once per round over a connection that stays open.
--
-- The connection goes through the listener sentinel_link_S, a unix socket in the proxy's run
-- folder, whose server is sentinel S: it leaves from the proxy's source address and speaks TLS
-- as every other server of haproxy.cfg does, which a Lua socket by itself cannot.
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
local TIMEOUT_S = setting("REDIS_HA_SENTINEL_TIMEOUT_MS") / 1000
local MASTER_NAME = os.getenv("REDIS_HA_MASTER_NAME")
local RUN_DIR = os.getenv("REDIS_HA_PROXY_RUN_DIR")

-- A Redis command in RESP: every argument carries its byte length, so any password byte is safe.
local function command(...)
  local parts = { "*" .. select("#", ...) .. "\r\n" }
  for _, arg in ipairs({ ... }) do
    parts[#parts + 1] = "$" .. #arg .. "\r\n" .. arg .. "\r\n"
  end
  return table.concat(parts)
end

local function reply_line(link)
  local line, err = link:receive("*l")
  if not line then error("no answer (" .. tostring(err) .. ")", 0) end
  return line
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

local function open_link(sentinel)
  local link = core.tcp()
  link:settimeout(TIMEOUT_S)
  local connected, err = link:connect("unix@" .. RUN_DIR .. "/sentinel-" .. sentinel .. ".sock")
  if not connected then error("cannot open the link (" .. tostring(err) .. ")", 0) end
  for _, password in ipairs(passwords()) do
    link:send(command("AUTH", password))
    reply_line(link)
  end
  return link
end

-- The address the sentinel names as master, or nil when it monitors no such master.
local function named_address(link)
  link:send(command("SENTINEL", "get-master-addr-by-name", MASTER_NAME))
  local head = reply_line(link)
  if head == "*2" then
    reply_line(link)
    local address = reply_line(link)
    reply_line(link)
    reply_line(link)
    return address
  end
  if head == "*-1" then return nil end
  error("answers " .. head, 0)
end

local function node_address(node)
  return os.getenv("REDIS_HA_NODE_" .. node .. "_IP")
end

local function approve(sentinel, address)
  local server = "sentinel_" .. sentinel
  for node = 0, NODES - 1 do
    local approval = core.backends["sentinels_naming_" .. node].servers[server]
    -- Compared whole, never as a prefix: 10.0.0.1 is not 10.0.0.12. Both calls are no-ops (and
    -- log nothing) on a server already in that state.
    if address ~= nil and address == node_address(node) then approval:set_ready() else approval:set_maint() end
  end
end

local function cut_sessions_of_unapproved_nodes()
  for node = 0, NODES - 1 do
    if tonumber(core.backends["sentinels_naming_" .. node]:get_stats().act) < QUORUM then
      for _, server in pairs(core.backends["node_" .. node].servers) do
        if tonumber(server:get_stats().scur) > 0 then server:shut_sess() end
      end
    end
  end
end

local function described(address)
  if address == nil then return "names no master" end
  for node = 0, NODES - 1 do
    if address == node_address(node) then return "names node " .. node .. " (" .. address .. ")" end
  end
  return "names " .. address .. ", no node of this proxy"
end

local function ask_sentinel_forever(sentinel)
  local link = nil
  local said = nil
  while true do
    local answered, result = pcall(function()
      link = link or open_link(sentinel)
      return named_address(link)
    end)
    if not answered and link then
      -- A late or garbled answer could still arrive: the next question goes on a new connection.
      link:close()
      link = nil
    end
    local address = answered and result or nil
    -- A failed round is logged and retried: the task must outlive any one error.
    local ok, err = pcall(function()
      approve(sentinel, address)
      local now = answered and described(address) or ("does not answer: " .. tostring(result))
      if now ~= said then
        core.Info("sentinel-approvals.lua: sentinel " .. sentinel .. " " .. now)
        said = now
        cut_sessions_of_unapproved_nodes()
      end
    end)
    if not ok then core.Alert("sentinel-approvals.lua: " .. tostring(err)) end
    core.msleep(POLL_MS)
  end
end

for sentinel = 0, NODES - 1 do
  core.register_task(function() ask_sentinel_forever(sentinel) end)
end

-- Also every round, not only when a sentinel changes its mind: a session the frontend accepted in
-- the instant an approval was withdrawn is cut by the next round.
core.register_task(function()
  while true do
    local ok, err = pcall(cut_sessions_of_unapproved_nodes)
    if not ok then core.Alert("sentinel-approvals.lua: " .. tostring(err)) end
    core.msleep(POLL_MS)
  end
end)
