"""A strict emulator of Tencent Cloud IM for Studio's tests: the REST endpoints Studio calls
(group_open_http_svc: forbid_send_msg, ban_group_member, unban_group_member, group_msg_recall,
modify_group_base_info, send_group_msg) and the callbacks IM makes (ImCallbackSender).

Strict, as IM is: the query must carry sdkappid, identifier, usersig, random and contenttype=json;
the UserSig is checked with the official algorithm (HMAC, SDKAppID, expiry on the injected clock)
and must be the admin's; an unknown command or a field a command does not take is refused with
IM's error codes; each command is limited to `rate_per_s` calls a second (a token bucket on the
injected clock). Every call is recorded (`calls`), refused or not. Codes follow
tests/studio/tencent_im_docs/README.md (which of them are confirmed, and from where)."""

from __future__ import annotations

import asyncio
import hashlib
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from anchor_console.studio.tencent_im.usersig import read_user_sig

# IM's error codes as the emulator answers them ((?): not confirmed in a primary source, see README).
INTERNAL, BAD_COMMAND, BAD_PARAMS = 10002, 10003, 10004          # ban_group_member's page
NO_GROUP = 10010                                                   # (?) group dismissed / does not exist
JSON_PARSE = 60003                                                 # (?)
RATE_LIMITED = 60007                                               # (?)
NOT_ADMIN = 60010                                                  # (?)
SDKAPPID_INVALID = 60006                                           # (?)
USERSIG_EXPIRED, USERSIG_INVALID, USERSIG_OTHER_ID = 70001, 70003, 70013   # (?)

GROUP_COMMANDS: dict[str, tuple[frozenset[str], frozenset[str]]] = {   # command → (required, optional)
    "forbid_send_msg": (frozenset({"GroupId", "Members_Account"}), frozenset({"MuteTime", "ShutUpTime", "TopicId"})),
    "ban_group_member": (frozenset({"GroupId", "Members_Account", "Duration"}), frozenset({"Description"})),
    "unban_group_member": (frozenset({"GroupId", "Members_Account"}), frozenset()),
    "group_msg_recall": (frozenset({"GroupId", "MsgSeqList"}), frozenset({"Reason", "TopicId"})),
    "modify_group_base_info": (frozenset({"GroupId"}), frozenset({
        "Name", "Introduction", "Notification", "FaceUrl", "MaxMemberNum", "ApplyJoinOption", "InviteJoinOption",
        "ShutUpAllMember", "MuteAllMember", "AppDefinedData"})),
    "send_group_msg": (frozenset({"GroupId", "Random", "MsgBody"}), frozenset({
        "From_Account", "MsgPriority", "MsgOnlineOnlyFlag", "SendMsgControl", "ForbidCallbackControl",
        "OfflinePushInfo", "CloudCustomData", "GroupAtInfo", "TopicId", "NeedReadReceipt", "SupportMessageExtension"})),
}
MSG_TYPES = frozenset({"TIMTextElem", "TIMCustomElem", "TIMFaceElem", "TIMLocationElem", "TIMImageElem",
                       "TIMSoundElem", "TIMVideoFileElem", "TIMFileElem"})


RANDOM_WINDOW_S = 300.0   # send_group_msg: a repeated Random within five minutes is a repeated message

@dataclass
class ImCall:
    command: str
    query: dict
    body: object
    code: int
    info: str
    at: float


@dataclass
class ImGroup:
    group_id: str
    muted: dict[str, float] = field(default_factory=dict)     # account → muted until (unix s)
    banned: dict[str, float] = field(default_factory=dict)
    shut_up_all: bool = False
    notification: str = ""
    messages: dict[int, dict] = field(default_factory=dict)   # MsgSeq → message
    recalled: set[int] = field(default_factory=set)
    next_seq: int = 1
    randoms: dict[tuple[str, int], int] = field(default_factory=dict)   # (From_Account, Random) → MsgSeq

    def post(self, account: str, random: int, body: list, at: float) -> tuple[int, bool]:
        """A message's MsgSeq, and whether it is new: send_group_msg's page, "Random: 随机数字，五分钟
        数字相同认为是重复消息" — the same Random within five minutes is the same message; after that,
        a new one."""
        seq = self.randoms.get((account, random))
        if seq is not None and at - self.messages[seq]["at"] <= RANDOM_WINDOW_S:
            return seq, False
        seq, self.next_seq = self.next_seq, self.next_seq + 1
        self.messages[seq] = {"From_Account": account, "Random": random, "MsgBody": body, "MsgTime": int(at), "at": at}
        self.randoms[(account, random)] = seq
        return seq, True


class TencentImEmulator:
    def __init__(self, *, sdkappid: int, secret_key: str, admin: str = "administrator",
                 clock: Callable[[], float] = time.time, rate_per_s: float = 200.0) -> None:
        self.sdkappid, self.secret_key, self.admin, self.clock = sdkappid, secret_key, admin, clock
        self.rate_per_s = rate_per_s
        self.groups: dict[str, ImGroup] = {}
        self.calls: list[ImCall] = []
        self.sent: list[tuple[str, int]] = []   # (GroupId, MsgSeq) of messages sent by REST, new ones only
        self._buckets: dict[str, tuple[float, float]] = {}
        self.app = Starlette(routes=[Route("/v4/{service}/{command}", self._endpoint, methods=["POST"])])

    def add_group(self, group_id: str) -> ImGroup:
        return self.groups.setdefault(group_id, ImGroup(group_id))

    def successful(self, command: str) -> list[ImCall]:
        return [c for c in self.calls if c.command == command and c.code == 0]

    def transport(self) -> httpx.ASGITransport:
        return httpx.ASGITransport(app=self.app)

    # ------------------------------------------------------------------ the REST endpoint

    async def _endpoint(self, request: Request) -> JSONResponse:
        service, command = request.path_params["service"], request.path_params["command"]
        query = dict(request.query_params)
        raw = await request.body()
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        code, info, extra = self._answer(service, command, query, body, raw)
        self.calls.append(ImCall(command, query, body, code, info, self.clock()))
        answer = {"ActionStatus": "OK" if code == 0 else "FAIL", "ErrorCode": code, "ErrorInfo": info, **extra}
        return JSONResponse(answer)   # HTTP 200 whatever the outcome, as IM answers

    def _answer(self, service: str, command: str, query: dict, body, raw: bytes) -> tuple[int, str, dict]:
        refusal = self._refuse_query(query)
        if refusal is not None:
            return (*refusal, {})
        if service != "group_open_http_svc" or command not in GROUP_COMMANDS:
            return BAD_COMMAND, f"invalid command: v4/{service}/{command}", {}
        if not self._take_token(command):
            return RATE_LIMITED, "the REST API call rate of this command is over its limit", {}
        if not isinstance(body, dict):
            return JSON_PARSE, "the body is not a JSON object", {}
        required, optional = GROUP_COMMANDS[command]
        missing, unknown = required - body.keys(), body.keys() - required - optional
        if missing or unknown:
            return BAD_PARAMS, f"missing {sorted(missing)} unknown {sorted(unknown)}", {}
        group = self.groups.get(str(body["GroupId"]))
        if group is None:
            return NO_GROUP, f"group {body['GroupId']} does not exist", {}
        return getattr(self, "_" + command)(group, body)

    def _refuse_query(self, query: dict) -> tuple[int, str] | None:
        needed = ("sdkappid", "identifier", "usersig", "random", "contenttype")
        if any(k not in query for k in needed) or query["contenttype"] != "json":
            return BAD_PARAMS, f"the URL needs {', '.join(needed)} and contenttype=json"
        if not query["random"].isdigit() or int(query["random"]) >= 2**32:
            return BAD_PARAMS, "random must be a 32-bit unsigned integer"
        if query["sdkappid"] != str(self.sdkappid):
            return SDKAPPID_INVALID, "sdkappid is not valid"
        check = read_user_sig(query["usersig"], sdkappid=self.sdkappid, key=self.secret_key,
                              identifier=query["identifier"], now=self.clock())
        if not check.ok:
            code = {"expired": USERSIG_EXPIRED, "identifier": USERSIG_OTHER_ID}.get(check.reason, USERSIG_INVALID)
            return code, f"usersig check failed: {check.reason}"
        if query["identifier"] != self.admin:
            return NOT_ADMIN, "the identifier is not an app admin"
        return None

    def _take_token(self, command: str) -> bool:
        now = self.clock()
        tokens, last = self._buckets.get(command, (self.rate_per_s, now))
        tokens = min(self.rate_per_s, tokens + (now - last) * self.rate_per_s)
        self._buckets[command] = (tokens - 1 if tokens >= 1 else tokens, now)
        return tokens >= 1

    # ------------------------------------------------------------------ the commands

    @staticmethod
    def _members(body: dict, most: int) -> list[str] | None:
        members = body["Members_Account"]
        if not isinstance(members, list) or not 1 <= len(members) <= most or not all(isinstance(m, str) for m in members):
            return None
        return members

    def _forbid_send_msg(self, group: ImGroup, body: dict):
        members = self._members(body, 500)
        times = [k for k in ("MuteTime", "ShutUpTime") if k in body]
        if members is None or len(times) != 1 or not isinstance(body[times[0]], int) \
                or not 0 <= body[times[0]] <= 4294967295:
            return BAD_PARAMS, "Members_Account (1–500) and one MuteTime (0–4294967295) are needed", {}
        for m in members:
            if body[times[0]] == 0:
                group.muted.pop(m, None)
            else:
                group.muted[m] = self.clock() + body[times[0]]
        return 0, "", {}

    def _ban_group_member(self, group: ImGroup, body: dict):
        members = self._members(body, 20)
        if members is None or not isinstance(body["Duration"], int) or not 0 < body["Duration"] <= 4294967295:
            return BAD_PARAMS, "Members_Account (1–20) and Duration (seconds, unsigned 32-bit) are needed", {}
        for m in members:
            group.banned[m] = self.clock() + body["Duration"]
        return 0, "", {}

    def _unban_group_member(self, group: ImGroup, body: dict):
        members = self._members(body, 20)
        if members is None:
            return BAD_PARAMS, "Members_Account (1–20) is needed", {}
        for m in members:
            group.banned.pop(m, None)
        return 0, "", {}

    def _group_msg_recall(self, group: ImGroup, body: dict):
        seqs = body["MsgSeqList"]
        if not isinstance(seqs, list) or not 1 <= len(seqs) <= 10 or \
                not all(isinstance(s, dict) and set(s) == {"MsgSeq"} and isinstance(s["MsgSeq"], int) for s in seqs):
            return BAD_PARAMS, "MsgSeqList: 1–10 items of {MsgSeq}", {}
        results = []
        for item in seqs:
            seq = item["MsgSeq"]
            ok = seq in group.messages and seq not in group.recalled
            group.recalled.add(seq) if ok else None
            results.append({"MsgSeq": seq, "RetCode": 0 if ok else 10030})   # 10030: 请求撤回的消息不存在
        return 0, "", {"RecallRetList": results}

    def _modify_group_base_info(self, group: ImGroup, body: dict):
        for name in ("MuteAllMember", "ShutUpAllMember"):   # today's page's name, and the older pages'
            if name in body:
                if body[name] not in ("On", "Off"):
                    return BAD_PARAMS, f"{name} is On or Off", {}
                group.shut_up_all = body[name] == "On"
        if "Notification" in body:
            if not isinstance(body["Notification"], str) or len(body["Notification"].encode()) > 300:
                return BAD_PARAMS, "Notification is text of at most 300 bytes", {}
            group.notification = body["Notification"]
        return 0, "", {}

    def _send_group_msg(self, group: ImGroup, body: dict):
        random, msg_body = body["Random"], body["MsgBody"]
        if not isinstance(random, int) or not 0 <= random < 2**32:
            return BAD_PARAMS, "Random is a 32-bit unsigned integer", {}
        if not isinstance(msg_body, list) or not msg_body or not all(
                isinstance(e, dict) and e.get("MsgType") in MSG_TYPES and isinstance(e.get("MsgContent"), dict)
                for e in msg_body):
            return BAD_PARAMS, "MsgBody: [{MsgType, MsgContent}]", {}
        account = str(body.get("From_Account", self.admin))
        seq, new = group.post(account, random, msg_body, self.clock())
        if new:
            self.sent.append((group.group_id, seq))
        return 0, "", {"MsgTime": group.messages[seq]["MsgTime"], "MsgSeq": seq}


class ImCallbackSender:
    """What IM does when a viewer sends a message in a live group: Group.CallbackBeforeSendMsg (if
    on; a refusal stops the message), then Group.CallbackAfterSendMsg, each POSTed to the callback
    URL with IM's query and, with a token, RequestTime and Sign; a callback not answered HTTP 200
    is sent again, up to `attempts` times."""

    def __init__(self, emulator: TencentImEmulator, client: httpx.AsyncClient, url: str, *, token: str = "",
                 before_send: bool = True, attempts: int = 3) -> None:
        self.emulator, self.client, self.url, self.token = emulator, client, url, token
        self.before_send, self.attempts = before_send, attempts
        self.delivered: list[tuple[str, int]] = []   # (command, HTTP status) of every attempt

    def signed_url(self, command: str, *, request_time: int | None = None, token: str | None = None,
                   sdkappid: int | None = None) -> str:
        query = {"SdkAppid": sdkappid or self.emulator.sdkappid, "CallbackCommand": command, "contenttype": "json",
                 "ClientIP": "203.0.113.7", "OptPlatform": "iOS"}
        token = self.token if token is None else token
        if token:
            when = str(int(self.emulator.clock()) if request_time is None else request_time)
            query.update(RequestTime=when, Sign=hashlib.sha256((token + when).encode()).hexdigest())
        return f"{self.url}?{urlencode(query)}"

    async def post(self, command: str, body: dict) -> httpx.Response:
        response = None
        for _ in range(self.attempts):
            response = await self.client.post(self.signed_url(command), content=json.dumps(body, ensure_ascii=False))
            self.delivered.append((command, response.status_code))
            if response.status_code == 200:
                break
        return response

    async def send_text(self, group_id: str, account: str, text: str, *, random: int) -> dict:
        """A viewer's text message: {"sent": bool, "MsgSeq": …, "before": answer or None}."""
        group = self.emulator.groups[group_id]
        msg_body = [{"MsgType": "TIMTextElem", "MsgContent": {"Text": text}}]
        common = {"GroupId": group_id, "Type": "AVChatRoom", "From_Account": account, "Operator_Account": account,
                  "Random": random, "MsgBody": msg_body, "CloudCustomData": ""}
        before = None
        if self.before_send:
            response = await self.post("Group.CallbackBeforeSendMsg",
                                       {"CallbackCommand": "Group.CallbackBeforeSendMsg", **common})
            before = response.json() if response.status_code == 200 else None
            if before is not None and before.get("ErrorCode") in (1, 2):
                return {"sent": False, "MsgSeq": None, "before": before}
        seq, _ = group.post(account, random, msg_body, self.emulator.clock())
        await self.after_send(group_id, seq)
        return {"sent": True, "MsgSeq": seq, "before": before}

    async def after_send(self, group_id: str, seq: int) -> httpx.Response:
        message = self.emulator.groups[group_id].messages[seq]
        return await self.post("Group.CallbackAfterSendMsg", {
            "CallbackCommand": "Group.CallbackAfterSendMsg", "GroupId": group_id, "Type": "AVChatRoom",
            "From_Account": message["From_Account"], "Operator_Account": message["From_Account"],
            "Random": message["Random"], "MsgSeq": seq, "MsgTime": message["MsgTime"], "OnlineOnlyFlag": 0,
            "MsgBody": message["MsgBody"], "CloudCustomData": ""})


def serve_in_thread(app, host: str = "127.0.0.1") -> tuple[str, Callable[[], None]]:
    """The emulator on a real port (for a Studio in its own process): its base URL, and a stop()."""
    import socket

    import uvicorn

    sock = socket.socket()
    sock.bind((host, 0))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve(sockets=[sock])), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.01)

    def stop() -> None:
        server.should_exit = True
        thread.join(5)
    return f"http://{host}:{sock.getsockname()[1]}", stop


class RawCallbackConnections:
    """Callbacks as IM sends them under load: many at once over a few keep-alive connections, here
    as hand-written HTTP/1.1 on asyncio streams (an HTTP client library spends more CPU on a
    request than Studio does on a callback, and would measure itself)."""

    def __init__(self, base_url: str, connections: int = 32) -> None:
        host_port = base_url.split("://", 1)[1].rstrip("/")
        self.host, _, port = host_port.partition(":")
        self.port, self.count = int(port or 80), connections
        self._free: asyncio.Queue | None = None

    async def __aenter__(self) -> "RawCallbackConnections":
        self._free = asyncio.Queue()
        for _ in range(self.count):
            self._free.put_nowait(await asyncio.open_connection(self.host, self.port))
        return self

    async def __aexit__(self, *exc) -> None:
        while self._free is not None and not self._free.empty():
            _, writer = self._free.get_nowait()
            writer.close()

    async def post(self, target: str, body: bytes) -> int:
        """POST `target` (path and query): the answer's HTTP status."""
        return (await self.answer(target, body))[0]

    async def answer(self, target: str, body: bytes) -> tuple[int, bytes]:
        """POST `target` (path and query): the answer's HTTP status and body."""
        reader, writer = await self._free.get()
        try:
            writer.write(f"POST {target} HTTP/1.1\r\nHost: {self.host}\r\nContent-Type: application/json\r\n"
                         f"Content-Length: {len(body)}\r\n\r\n".encode("ascii") + body)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = next((int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length:")), 0)
            return status, await reader.readexactly(length)
        finally:
            self._free.put_nowait((reader, writer))
