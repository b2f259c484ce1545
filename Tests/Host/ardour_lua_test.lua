-- Headless Ardour 7 (ardour7-lua, "None (Dummy)" backend) hosting the built DMXIn.vst3.
-- Run by ardour_lua_test.sh, which scans a copy of the bundle into a private Ardour cache first.
--   ardour7-lua ardour_lua_test.lua SESSION_DIR create|reload|again
-- Each phase runs in its own ardour7-lua process and exits without close_session: in Ardour 7.3's
-- luasession a close_session after load_session hangs (also with no plugin at all), and a
-- close_session followed by AudioEngine restart crashed now and then (ARDOUR::Graph::reset_thread_list).
-- Checks: Ardour finds and instantiates the plugin; it shows 128 "Control NNN" parameters and
-- "DMX Enable"; a parameter set through Ardour reaches the plugin and comes back after the session
-- is saved and loaded again; a plugin state (mappings + labels) given through the session's VST3
-- chunk is loaded by the plugin and saved again byte-identical; labels from that state.
-- Prints "ardour_lua: PASS" at the end, or "ardour_lua: FAIL ..." lines and exits 1.

local dir, phase = arg[1], arg[2]
assert(dir and phase, "usage: ardour_lua_test.lua SESSION_DIR create|reload|again")
local name = "dmxin"
local failures = 0

local function check(ok, what)
  if ok then
    print("ardour_lua: ok   " .. what)
  else
    print("ardour_lua: FAIL " .. what)
    failures = failures + 1
  end
  return ok
end

-- Stops the engine before the process exits: exit() with the Dummy backend still running crashed
-- now and then in Ardour's process thread (VST3Plugin::connect_and_run -> TempoMap::metric_at on a
-- tempo map already destroyed by exit), whatever the plugin.
local function stop_engine()
  if AudioEngine:running() then AudioEngine:stop(false) end
end

local function finish()
  stop_engine()
  if failures == 0 then
    print("ardour_lua: PASS " .. phase)
    os.exit(0)
  end
  print("ardour_lua: " .. failures .. " check(s) failed")
  os.exit(1)
end

local function fatal(msg)
  print("ardour_lua: FAIL " .. msg)
  if AudioEngine:running() then AudioEngine:stop(false) end
  os.exit(1)
end

-- ------------------------------------------------------------------ base64 (RFC 4648)
local b64chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local b64index = {}
for i = 1, 64 do b64index[b64chars:byte(i)] = i - 1 end

local function b64decode(s)
  s = s:gsub("[^%w%+/=]", "")
  local out, bits, nbits = {}, 0, 0
  for i = 1, #s do
    local c = s:byte(i)
    if c == 61 then break end -- '='
    bits = (bits << 6) | b64index[c]
    nbits = nbits + 6
    if nbits >= 8 then
      nbits = nbits - 8
      out[#out + 1] = string.char((bits >> nbits) & 0xff)
    end
  end
  return table.concat(out)
end

local function b64encode(s)
  local out = {}
  for i = 1, #s, 3 do
    local a, b, c = s:byte(i, i + 2)
    local n = (a << 16) | ((b or 0) << 8) | (c or 0)
    local chunk = {}
    for k = 3, 0, -1 do chunk[#chunk + 1] = b64chars:sub(((n >> (6 * k)) & 63) + 1, ((n >> (6 * k)) & 63) + 1) end
    if not b then chunk[3] = "=" end
    if not c then chunk[4] = "=" end
    out[#out + 1] = table.concat(chunk)
  end
  return table.concat(out)
end

-- ------------------------------------------------------------------ Ardour's VST3 chunk
-- Ardour stores a VST3 plugin's state as a .vstpreset image in <chunk>: "VST3", int32 version,
-- 32-char class ID, int64 offset of the chunk list; the chunks; "List", int32 count, then
-- (4-char id, int64 offset, int64 size) per chunk. "Comp" is the IComponent state: with JUCE's VST3
-- wrapper that is the plugin's JSON, a NUL, then JUCE's private data.
local function parse_preset(blob)
  if blob:sub(1, 4) ~= "VST3" then return nil, "not a VST3 preset image" end
  local list = string.unpack("<i8", blob, 41)
  if blob:sub(list + 1, list + 4) ~= "List" then return nil, "no chunk list" end
  local count = string.unpack("<i4", blob, list + 5)
  local chunks, order = {}, {}
  for i = 0, count - 1 do
    local at = list + 9 + i * 20
    local id = blob:sub(at, at + 3)
    local offset, size = string.unpack("<i8<i8", blob, at + 4)
    chunks[id] = blob:sub(offset + 1, offset + size)
    order[#order + 1] = id
  end
  return { header = blob:sub(1, 40), chunks = chunks, order = order }
end

local function build_preset(p)
  local body, entries, at = {}, {}, 48
  for _, id in ipairs(p.order) do
    local data = p.chunks[id]
    body[#body + 1] = data
    entries[#entries + 1] = id .. string.pack("<i8<i8", at, #data)
    at = at + #data
  end
  return p.header .. string.pack("<i8", at) .. table.concat(body) .. "List" .. string.pack("<i4", #entries)
         .. table.concat(entries)
end

local function plugin_json(comp)
  local nul = comp:find("\0", 1, true)
  return nul and comp:sub(1, nul - 1) or comp
end

-- The JSON without whitespace, for matching fields (the plugin pretty-prints; no value here has spaces).
local function compact(json)
  return json and json:gsub("%s", "") or nil
end

-- The session file's text, and the base64 chunk of the DMX In processor in it.
local function session_file() return dir .. "/" .. name .. ".ardour" end

local function read_file(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

local function write_file(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

-- Returns the session text and the [start, end] of the DMX In chunk's base64 in it.
local function find_chunk(xml)
  local proc = xml:find('<Processor[^>]-name="DMX In"')
  if not proc then return nil end
  local open_end = select(2, xml:find("<chunk>", proc, true))
  local close = xml:find("</chunk>", proc, true)
  if not open_end or not close then return nil end
  return open_end + 1, close - 1
end

local function saved_state()
  local xml = read_file(session_file())
  if not xml then return nil, "no session file" end
  local b, e = find_chunk(xml)
  if not b then return nil, "no <chunk> for DMX In in the session" end
  local preset, err = parse_preset(b64decode(xml:sub(b, e)))
  if not preset then return nil, err end
  if not preset.chunks["Comp"] then return nil, "no Comp chunk" end
  return plugin_json(preset.chunks["Comp"]), preset, xml, b, e
end

-- ------------------------------------------------------------------ Ardour helpers
local function find_plugin(route)
  for i = 0, 16 do
    local proc = route:nth_plugin(i)
    if proc:isnil() then return nil end
    if proc:display_name() == "DMX In" then return proc end
  end
  return nil
end

local function parameter_labels(proc)
  local plug = proc:to_insert():plugin(0)
  local labels = {}
  for i = 0, plug:parameter_count() - 1 do
    local _, pd = plug:get_parameter_descriptor(i, ARDOUR.ParameterDescriptor())
    labels[#labels + 1] = { label = pd[2].label, input = plug:parameter_is_input(i) }
  end
  return labels
end

local function save()
  return Session:save_state("", false, false, false, false, false)
end

local function idle(ms)
  ARDOUR.LuaAPI.usleep(ms * 1000)
end

local function start_engine()
  if not AudioEngine:set_backend("None (Dummy)", "", "") then fatal("no 'None (Dummy)' backend") end
  if AudioEngine:start(false) ~= 0 then fatal("the Dummy backend did not start") end
end

local function load_dmx_in()
  local s = load_session(dir, name)
  if not s then fatal("load_session failed") end
  local route = Session:route_by_name("DMX")
  if route:isnil() then fatal("the track 'DMX' is gone after reloading") end
  local proc = find_plugin(route)
  if not proc then fatal("DMX In is gone from the track after reloading") end
  idle(300)
  return proc
end

local state_file = dir .. "/../plugin-state.json"   -- the plugin's JSON after the "reload" phase

if phase == "create" then
  -- ================================================================ 1. find, instantiate
  start_engine()
  local found = nil
  for p in ARDOUR.LuaAPI.list_plugins():iter() do
    if p.type == ARDOUR.PluginType.VST3 and p.name == "DMX In" then found = p end
  end
  if not found then
    fatal("Ardour's plugin list has no VST3 'DMX In' (the scanner cache was not used: is the .so older than the cache file?)")
  end
  print("ardour_lua: found " .. found.name .. " by " .. found.creator .. ", " .. found.unique_id .. " in " .. found.path)

  if not create_session(dir, name, 48000) then fatal("create_session failed in " .. dir) end
  local tracks = Session:new_audio_track(2, 2, nil, 1, "DMX", ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true, false)
  local proc = ARDOUR.LuaAPI.new_plugin(Session, "DMX In", ARDOUR.PluginType.VST3, "")
  if proc:isnil() then fatal("ARDOUR.LuaAPI.new_plugin could not instantiate DMX In") end
  check(tracks:front():add_processor_by_index(proc, 0, nil, true) == 0, "DMX In added to a track")

  -- ================================================================ 2. parameters
  local labels = parameter_labels(proc)
  local inputs = 0
  for _, l in ipairs(labels) do if l.input then inputs = inputs + 1 end end
  print("ardour_lua: " .. #labels .. " parameters (" .. inputs .. " inputs): " .. labels[1].label .. ", " .. labels[2].label
        .. " ... " .. labels[128].label .. ", " .. (labels[129] and labels[129].label or "-") .. ", "
        .. (labels[130] and labels[130].label or "-"))
  check(#labels >= 129, "at least 129 parameters (128 controls + DMX Enable)")
  for i = 1, 128 do
    if labels[i].label ~= string.format("Control %03d", i) then
      check(false, "parameter " .. (i - 1) .. " is 'Control " .. string.format("%03d", i) .. "' (got '" .. labels[i].label .. "')")
    end
  end
  check(labels[1].label == "Control 001" and labels[128].label == "Control 128", "parameters 0..127 are 'Control 001'..'Control 128'")
  check(labels[129].label == "DMX Enable", "parameter 128 is 'DMX Enable'")

  -- ================================================================ 3. set a parameter
  -- Control 005 (index 4) to 0.25 through Ardour's automation control (the way a fader move goes).
  check(ARDOUR.LuaAPI.set_processor_param(proc, 4, 0.25), "set Control 005 = 0.25 through Ardour")
  idle(300) -- the engine runs; the value reaches the plugin's processor in the next cycles
  check(math.abs(ARDOUR.LuaAPI.get_processor_param(proc, 4) - 0.25) < 1e-4, "Ardour reads Control 005 = 0.25 back")

  if save() ~= 0 then fatal("save_state failed") end
  local json1, preset = saved_state()
  if not json1 then fatal("reading the saved plugin state: " .. tostring(preset)) end
  json1 = compact(json1)
  print("ardour_lua: plugin state in the session: " .. json1:sub(1, 160) .. " ...")
  check(json1:find('"schema":3', 1, true) ~= nil, "the session holds the plugin's JSON state (schema 3)")
  check(json1:find('"5":0.25', 1, true) ~= nil, "the plugin saved Control 005 = 0.25 (set through Ardour)")

  -- ================================================================ 4. a state with mappings and labels
  -- Put into the session's VST3 chunk (as a session saved elsewhere would carry it); the next phase
  -- loads the session and the plugin gets it through IComponent::setState.
  local state = '{"schema":1,"network":{"bindAddress":"127.0.0.1","artnetPort":0,"sacnPort":0},'
    .. '"labels":{"3":"Fader","7":"Pan"},"parameters":{"5":0.25,"7":0.5},'
    .. '"mappings":[{"name":"Fader","universe":"0:0:1","channel":12,"target":3},'
    .. '{"name":"Pan","universe":"0:0:1","channel":5,"sixteenBit":true,"fineChannel":6,"target":7}]}'
  local _, p, xml, b, e = saved_state()
  local comp = p.chunks["Comp"]
  local nul = comp:find("\0", 1, true)
  p.chunks["Comp"] = state .. (nul and comp:sub(nul) or "")
  write_file(session_file(), xml:sub(1, b - 1) .. b64encode(build_preset(p)) .. xml:sub(e + 1))
  finish()

elseif phase == "reload" then
  -- ================================================================ 5. reload: the plugin gets the state
  start_engine()
  local proc = load_dmx_in()
  local labels = parameter_labels(proc)
  -- Reported, not asserted: Ardour 7.3 reads VST3 parameter titles once, when it creates the plugin
  -- (before the session's state reaches it), and does not re-read them on kParamTitlesChanged.
  print("ardour_lua: after reload, parameters 3 and 7 are shown as '" .. labels[3].label .. "' and '" .. labels[7].label
        .. "' (their labels in the state: 'Fader' and 'Pan')")
  check(#labels >= 129, "still at least 129 parameters after reloading")
  check(math.abs(ARDOUR.LuaAPI.get_processor_param(proc, 6) - 0.5) < 1e-4, "Control 007 = 0.5 from the state, read through Ardour")
  check(math.abs(ARDOUR.LuaAPI.get_processor_param(proc, 4) - 0.25) < 1e-4, "Control 005 = 0.25 survived the reload")

  if save() ~= 0 then fatal("save_state failed") end
  local raw = saved_state()
  local json2 = compact(raw)
  print("ardour_lua: plugin state after reload: " .. tostring(json2):sub(1, 400) .. " ...")
  check(json2 ~= nil and json2:find('"labels":{"3":"Fader","7":"Pan"}', 1, true) ~= nil, "labels came back from the plugin")
  check(json2 ~= nil and json2:find('"channel":12', 1, true) ~= nil and json2:find('"fineChannel":6', 1, true) ~= nil,
        "both mappings came back from the plugin")
  check(json2 ~= nil and json2:find('"bindAddress":"127.0.0.1"', 1, true) ~= nil, "network settings came back")
  check(json2 ~= nil and json2:find('"7":0.5', 1, true) ~= nil, "Control 007 = 0.5 came back from the plugin")
  write_file(state_file, raw or "")
  finish()

elseif phase == "again" then
  -- ================================================================ 6. save -> load -> save is byte-identical
  start_engine()
  load_dmx_in()
  if save() ~= 0 then fatal("save_state failed") end
  local before = read_file(state_file)
  local after = saved_state()
  check(before ~= nil and before ~= "" and after == before,
        "the plugin's state is byte-identical after another load -> save through Ardour")
  finish()
elseif phase == "gui-prepare" then
  -- ================================================================ GUI test (ardour_gui_test.sh): a session
  -- whose DMX In maps Art-Net 0:0:1 channel 12 (127.0.0.1:arg[3]) to Control 003, that parameter's
  -- automation in Touch (or Latch / Write: arg[4]), and the plugin's window open when the GUI loads it.
  local port, mode = arg[3], arg[4] or "touch"
  start_engine()
  if not create_session(dir, name, 48000) then fatal("create_session failed in " .. dir) end
  local tracks = Session:new_audio_track(2, 2, nil, 1, "DMX", ARDOUR.PresentationInfo.max_order, ARDOUR.TrackMode.Normal, true, false)
  local proc = ARDOUR.LuaAPI.new_plugin(Session, "DMX In", ARDOUR.PluginType.VST3, "")
  if proc:isnil() then fatal("ARDOUR.LuaAPI.new_plugin could not instantiate DMX In") end
  tracks:front():add_processor_by_index(proc, 0, nil, true)
  local ac = proc:to_insert():to_automatable():automation_control(Evoral.Parameter(ARDOUR.AutomationType.PluginAutomation, 0, 2), false)
  -- Ardour never saves Write (a session loads it as Off), so the GUI test uses Touch or Latch.
  local states = { touch = ARDOUR.AutoState.Touch, latch = ARDOUR.AutoState.Latch, write = ARDOUR.AutoState.Write }
  if not states[mode] then fatal("mode must be touch, latch or write") end
  ac:set_automation_state(states[mode])
  idle(200)
  if save() ~= 0 then fatal("save_state failed") end
  local _, p, xml, b, e = saved_state()
  local comp = p.chunks["Comp"]
  local nul = comp:find("\0", 1, true)
  p.chunks["Comp"] = '{"schema":1,"network":{"bindAddress":"127.0.0.1","artnetPort":' .. port .. ',"sacnPort":0},'
    .. '"mappings":[{"name":"Fader","universe":"0:0:1","channel":12,"target":3}]}' .. (nul and comp:sub(nul) or "")
  xml = xml:sub(1, b - 1) .. b64encode(build_preset(p)) .. xml:sub(e + 1)
  -- The GUI reopens plugin windows saved as visible: <Extra><UI><Window name="P-route-processor" visible="1">.
  -- With its window open, JUCE's VST3 wrapper runs the plugin's timers on Ardour's GUI run loop
  -- (IRunLoop), so the plugin's gestures reach Ardour on its GUI thread.
  local route_id = xml:match('<Route[^>]- id="(%d+)" name="DMX"')
  local proc_id = xml:match('<Processor id="(%d+)" name="DMX In"')
  if not route_id or not proc_id or xml:find("<Extra>", 1, true) then fatal("unexpected session XML") end
  local window = '  <Extra>\n    <UI>\n      <Window name="P-' .. route_id .. '-' .. proc_id
    .. '" visible="1" x-off="0" y-off="0" x-size="900" y-size="634" custom-ui="1"/>\n    </UI>\n  </Extra>\n'
  xml = xml:gsub("</Session>", function() return window .. "</Session>" end)
  write_file(session_file(), xml)
  print("ardour_lua: prepared " .. session_file() .. " (Control 003 in " .. mode .. ", Art-Net on 127.0.0.1:" .. port .. ")")
  finish()

elseif phase == "gui-check" then
  -- Reads what the GUI recorded for Control 003 (automation-id "parameter-2") from the saved session.
  local xml = read_file(session_file()) or ""
  local list = xml:match('<AutomationList automation%-id="parameter%-2"[^>]*>(.-)</AutomationList>') or ""
  local events = list:match("<events>(.-)</events>") or ""
  local values, distinct, seen = {}, 0, {}
  for t, v in events:gmatch("b?(%d+) ([%d%.e%-]+)") do
    values[#values + 1] = tonumber(v)
    if not seen[v] then seen[v] = true; distinct = distinct + 1 end
  end
  print("ardour_lua: " .. #values .. " automation events for Control 003, " .. distinct .. " distinct values")
  local on_grid, max = true, 0
  for _, v in ipairs(values) do
    if math.abs(v * 255 - math.floor(v * 255 + 0.5)) > 1e-3 then on_grid = false end
    if v > max then max = v end
  end
  check(distinct >= 5, "Ardour recorded the DMX ramp as automation of Control 003 (at least 5 different values)")
  check(on_grid, "every recorded value is a DMX value / 255")
  check(max >= 20 / 255, "the recorded values reach the ramp's later steps (max " .. string.format("%.4f", max) .. ")")
  finish()
else
  fatal("unknown phase " .. phase)
end
