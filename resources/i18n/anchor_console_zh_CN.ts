<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Actions</name>
    <message>
        <source>Put “{product}” on stage</source>
        <translation>讲解“{product}”</translation>
    </message>
    <message>
        <source>End 讲解 (nothing on stage)</source>
        <translation>结束讲解</translation>
    </message>
    <message>
        <source>List “{product}” in the room</source>
        <translation>上架“{product}”到直播间</translation>
    </message>
    <message>
        <source>Slow mode: {seconds} s between comments</source>
        <translation>慢速模式：每条评论间隔 {seconds} 秒</translation>
    </message>
    <message>
        <source>Slow mode off</source>
        <translation>关闭慢速模式</translation>
    </message>
    <message>
        <source>Followers-only chat: followed for {duration}</source>
        <translation>仅粉丝可评论：关注满 {duration}</translation>
    </message>
    <message>
        <source>Followers-only chat off</source>
        <translation>关闭仅粉丝评论</translation>
    </message>
    <message>
        <source>Followers-only chat: any follower</source>
        <translation>仅粉丝可评论：任何粉丝</translation>
    </message>
    <message>
        <source>{n} d</source>
        <translation>{n} 天</translation>
    </message>
    <message>
        <source>{n} h</source>
        <translation>{n} 小时</translation>
    </message>
    <message>
        <source>{n} min</source>
        <translation>{n} 分钟</translation>
    </message>
    <message>
        <source>Shield mode on</source>
        <translation>开启防护模式</translation>
    </message>
    <message>
        <source>Shield mode off</source>
        <translation>关闭防护模式</translation>
    </message>
    <message>
        <source>Remove “{product}” from the shelf</source>
        <translation>从货架移除“{product}”</translation>
    </message>
    <message>
        <source>Reorder the shelf ({n} products)</source>
        <translation>调整货架顺序（{n} 个商品）</translation>
    </message>
    <message>
        <source>Put “{product}” on sale</source>
        <translation>上架销售“{product}”</translation>
    </message>
    <message>
        <source>Take “{product}” off sale</source>
        <translation>下架“{product}”</translation>
    </message>
    <message>
        <source>Change the price of {sku} to {price}</source>
        <translation>将 {sku} 改价为 {price}</translation>
    </message>
    <message>
        <source>Flash sale: “{product}” at {price}, stock {stock}, {limit} per buyer</source>
        <translation>秒杀：“{product}”{price}，{stock} 件，每人限购 {limit} 件</translation>
    </message>
    <message>
        <source>Lucky bag “{prize}”: {winners} winner(s), entry: {rule}, draw in {countdown}</source>
        <translation>福袋“{prize}”：{winners} 人中奖，参与方式：{rule}，{countdown} 后开奖</translation>
    </message>
    <message>
        <source>comment “{keyword}”</source>
        <translation>评论“{keyword}”</translation>
    </message>
    <message>
        <source>Draw lucky bag #{bag_id} (reveal its seed)</source>
        <translation>福袋 #{bag_id} 开奖（公开种子）</translation>
    </message>
    <message>
        <source>Red packet: {amount} in {count} shares ({split})</source>
        <translation>红包：{amount}，分成 {count} 份（{split}）</translation>
    </message>
    <message>
        <source>Announce: {text}</source>
        <translation>公告：{text}</translation>
    </message>
    <message>
        <source>Pin comment #{comment_id}</source>
        <translation>置顶评论 #{comment_id}</translation>
    </message>
    <message>
        <source>Unpin comment #{comment_id}</source>
        <translation>取消置顶评论 #{comment_id}</translation>
    </message>
    <message>
        <source>Hide comment #{comment_id}</source>
        <translation>隐藏评论 #{comment_id}</translation>
    </message>
    <message>
        <source>Hide {said}</source>
        <translation>隐藏 {said}</translation>
    </message>
    <message>
        <source>Delete comment #{comment_id}</source>
        <translation>删除评论 #{comment_id}</translation>
    </message>
    <message>
        <source>Delete {said}</source>
        <translation>删除 {said}</translation>
    </message>
    <message>
        <source>Mute viewer {viewer} for {minutes} min</source>
        <translation>禁言观众 {viewer} {minutes} 分钟</translation>
    </message>
    <message>
        <source>Unmute viewer {viewer}</source>
        <translation>解除禁言观众 {viewer}</translation>
    </message>
    <message>
        <source>Ban viewer {viewer}</source>
        <translation>拉黑观众 {viewer}</translation>
    </message>
    <message>
        <source>Unban viewer {viewer}</source>
        <translation>取消拉黑观众 {viewer}</translation>
    </message>
    <message>
        <source>Mute the whole room</source>
        <translation>全员禁言</translation>
    </message>
    <message>
        <source>Let the room comment again</source>
        <translation>解除全员禁言</translation>
    </message>
    <message>
        <source>Issue {quantity} × “{coupon}” coupons, valid {valid_minutes} min</source>
        <translation>发放 {quantity} 张“{coupon}”，有效 {valid_minutes} 分钟</translation>
    </message>
    <message>
        <source>Stop coupon batch #{issue_id}</source>
        <translation>停发第 {issue_id} 批优惠券</translation>
    </message>
    <message>
        <source>Stop flash sale #{sale_id}</source>
        <translation>结束秒杀 #{sale_id}</translation>
    </message>
    <message>
        <source>Post as staff: {text}</source>
        <translation>以工作人员身份发言：{text}</translation>
    </message>
    <message>
        <source>Start the live room</source>
        <translation>开播</translation>
    </message>
    <message>
        <source>End the live room</source>
        <translation>结束直播</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>outcome unknown</source>
        <translation>结果未知</translation>
    </message>
    <message>
        <source>not supported</source>
        <translation>不支持</translation>
    </message>
</context>
<context>
    <name>ArmedBar</name>
    <message>
        <source>FIRE flash sale ({key})</source>
        <translation>开抢！发起秒杀（{key}）</translation>
    </message>
    <message>
        <source>Disarm</source>
        <translation>取消准备</translation>
    </message>
    <message>
        <source>Arm a flash sale first (Promotions).</source>
        <translation>请先在“营销”里准备好秒杀。</translation>
    </message>
    <message>
        <source>Flash sale disarmed: {why}</source>
        <translation>秒杀已取消准备：{why}</translation>
    </message>
    <message>
        <source>{n} piece</source>
        <translation>{n} 件</translation>
    </message>
    <message>
        <source>{n} pieces</source>
        <translation>{n} 件</translation>
    </message>
    <message>
        <source>Armed: {sku} at {price}, {pieces}, {limit} per buyer, countdown {countdown} s, lasts {duration}.</source>
        <translation>已准备：{sku}，秒杀价 {price}，{pieces}，每人限购 {limit} 件，倒计时 {countdown} 秒，持续 {duration}。</translation>
    </message>
    <message>
        <source>Firing…</source>
        <translation>正在发起…</translation>
    </message>
</context>
<context>
    <name>BagModel</name>
    <message>
        <source>Prize</source>
        <translation>奖品</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>参与方式</translation>
    </message>
    <message>
        <source>Entrants</source>
        <translation>参与人数</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>drawing…</source>
        <translation>开奖中…</translation>
    </message>
    <message>
        <source>starting…</source>
        <translation>发起中…</translation>
    </message>
    <message>
        <source>Drawn ✗</source>
        <translation>已开奖 ✗</translation>
    </message>
    <message>
        <source>Drawn ✓</source>
        <translation>已开奖 ✓</translation>
    </message>
    <message>
        <source>Drawn</source>
        <translation>已开奖</translation>
    </message>
    <message>
        <source>Starting</source>
        <translation>发起中</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>参与中</translation>
    </message>
    <message>
        <source>Not started</source>
        <translation>未发起</translation>
    </message>
</context>
<context>
    <name>Capability</name>
    <message>
        <source>rooms</source>
        <translation>直播间</translation>
    </message>
    <message>
        <source>listing products in the room</source>
        <translation>商品上架到直播间</translation>
    </message>
    <message>
        <source>putting a product on stage (讲解)</source>
        <translation>商品讲解</translation>
    </message>
    <message>
        <source>on/off sale</source>
        <translation>上下架</translation>
    </message>
    <message>
        <source>reordering the shelf</source>
        <translation>商品排序</translation>
    </message>
    <message>
        <source>changing prices</source>
        <translation>改价</translation>
    </message>
    <message>
        <source>coupons</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <source>flash sales</source>
        <translation>秒杀</translation>
    </message>
    <message>
        <source>reading comments</source>
        <translation>读取评论</translation>
    </message>
    <message>
        <source>hiding comments</source>
        <translation>隐藏评论</translation>
    </message>
    <message>
        <source>deleting comments</source>
        <translation>删除评论</translation>
    </message>
    <message>
        <source>muting a viewer</source>
        <translation>禁言观众</translation>
    </message>
    <message>
        <source>banning a viewer</source>
        <translation>拉黑观众</translation>
    </message>
    <message>
        <source>room-wide mute</source>
        <translation>全员禁言</translation>
    </message>
    <message>
        <source>slow mode</source>
        <translation>慢速模式</translation>
    </message>
    <message>
        <source>followers-only chat</source>
        <translation>仅粉丝评论</translation>
    </message>
    <message>
        <source>shield mode</source>
        <translation>防护模式</translation>
    </message>
    <message>
        <source>announcements</source>
        <translation>公告</translation>
    </message>
    <message>
        <source>pinning comments</source>
        <translation>置顶评论</translation>
    </message>
    <message>
        <source>posting as staff</source>
        <translation>以工作人员身份发言</translation>
    </message>
    <message>
        <source>live statistics</source>
        <translation>实时数据</translation>
    </message>
    <message>
        <source>lucky bags and draws (福袋)</source>
        <translation>福袋与抽奖</translation>
    </message>
    <message>
        <source>red packets (红包)</source>
        <translation>红包</translation>
    </message>
    <message>
        <source>rehearsal rooms</source>
        <translation>彩排直播间</translation>
    </message>
    <message>
        <source>live plans</source>
        <translation>直播预告</translation>
    </message>
</context>
<context>
    <name>CatalogModel</name>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
</context>
<context>
    <name>ChatModesBar</name>
    <message>
        <source>Slow: off</source>
        <translation>慢速：关</translation>
    </message>
    <message>
        <source>Slow: {n} s</source>
        <translation>慢速：{n} 秒</translation>
    </message>
    <message>
        <source>Shield</source>
        <translation>防护</translation>
    </message>
    <message>
        <source>Announce…</source>
        <translation>发公告…</translation>
    </message>
    <message>
        <source>Announcement to the whole room, Enter sends</source>
        <translation>发给全场的公告，回车发送</translation>
    </message>
    <message>
        <source>Primary</source>
        <translation>默认色</translation>
    </message>
    <message>
        <source>Blue</source>
        <translation>蓝色</translation>
    </message>
    <message>
        <source>Green</source>
        <translation>绿色</translation>
    </message>
    <message>
        <source>Orange</source>
        <translation>橙色</translation>
    </message>
    <message>
        <source>Purple</source>
        <translation>紫色</translation>
    </message>
    <message>
        <source>Announce</source>
        <translation>发公告</translation>
    </message>
    <message>
        <source>Followers: off</source>
        <translation>仅粉丝：关</translation>
    </message>
    <message>
        <source>Followers: any</source>
        <translation>仅粉丝：任何粉丝</translation>
    </message>
    <message>
        <source>Followers: {duration}</source>
        <translation>仅粉丝：关注满 {duration}</translation>
    </message>
    <message>
        <source>Slow mode: how long each viewer waits between comments.</source>
        <translation>慢速模式：每位观众两条评论之间要等多久。</translation>
    </message>
    <message>
        <source>Followers-only chat: only viewers who have followed the room at least this long may comment.</source>
        <translation>仅粉丝评论：只有关注直播间至少这么久的观众才能评论。</translation>
    </message>
    <message>
        <source>Shield mode: during a raid, the room closes to drive-by accounts.</source>
        <translation>防护模式：遭遇刷屏攻击时，直播间对路过的账号关闭评论。</translation>
    </message>
    <message>
        <source>A highlighted announcement to the whole room.</source>
        <translation>向全场发送一条醒目的公告。</translation>
    </message>
</context>
<context>
    <name>ChatRelay</name>
    <message>
        <source>Tencent Cloud IM</source>
        <translation>腾讯云 IM</translation>
    </message>
    <message>
        <source>The viewers&apos; chat service</source>
        <translation>观众聊天服务</translation>
    </message>
    <message>
        <source>{service} did not mute the viewer in the viewers&apos; chat: {reason}</source>
        <translation>{service}未在观众聊天中禁言该观众：{reason}</translation>
    </message>
    <message>
        <source>{service} did not lift the viewer&apos;s mute in the viewers&apos; chat: {reason}</source>
        <translation>{service}未在观众聊天中解除该观众的禁言：{reason}</translation>
    </message>
    <message>
        <source>{service} did not ban the viewer from the viewers&apos; chat: {reason}</source>
        <translation>{service}未在观众聊天中封禁该观众：{reason}</translation>
    </message>
    <message>
        <source>{service} did not lift the viewer&apos;s ban in the viewers&apos; chat: {reason}</source>
        <translation>{service}未在观众聊天中解除该观众的封禁：{reason}</translation>
    </message>
    <message>
        <source>{service} did not change the room-wide mute of the viewers&apos; chat: {reason}</source>
        <translation>{service}未更改观众聊天的全员禁言：{reason}</translation>
    </message>
    <message>
        <source>{service} did not take the deleted comment out of the viewers&apos; chat: {reason}</source>
        <translation>{service}未从观众聊天中撤回已删除的评论：{reason}</translation>
    </message>
    <message>
        <source>{service} did not post the staff message to the viewers&apos; chat: {reason}</source>
        <translation>{service}未将工作人员消息发到观众聊天：{reason}</translation>
    </message>
    <message>
        <source>{service} did not show the pinned comment in the viewers&apos; chat: {reason}</source>
        <translation>{service}未在观众聊天中显示置顶评论：{reason}</translation>
    </message>
    <message>
        <source>{service} did not take the pinned comment out of the viewers&apos; chat: {reason}</source>
        <translation>{service}未从观众聊天中撤下置顶评论：{reason}</translation>
    </message>
    <message>
        <source>{service} did not carry out a moderation change ({action}) in the viewers&apos; chat: {reason}</source>
        <translation>{service}未在观众聊天中执行一项管理操作（{action}）：{reason}</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>未说明原因</translation>
    </message>
</context>
<context>
    <name>CommentDesk</name>
    <message>
        <source>This session&apos;s comments cannot be saved on this computer ({error}). The feed keeps working; search and the viewer card miss what is not saved. Free some disk space.</source>
        <translation>本场评论无法保存到这台电脑（{error}）。评论流照常工作；未保存的评论在搜索和观众卡片中查不到。请清理磁盘空间。</translation>
    </message>
</context>
<context>
    <name>CommentState</name>
    <message>
        <source>held</source>
        <translation>待审</translation>
    </message>
    <message>
        <source>hidden here</source>
        <translation>本机已隐藏</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>deleting</source>
        <translation>删除中</translation>
    </message>
    <message>
        <source>shown</source>
        <translation>正常显示</translation>
    </message>
    <message>
        <source>not deleted</source>
        <translation>未能删除</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已通过</translation>
    </message>
    <message>
        <source>pinned</source>
        <translation>已置顶</translation>
    </message>
</context>
<context>
    <name>CommentsPanel</name>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Want to buy</source>
        <translation>想买</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>已标记</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>待审</translation>
    </message>
    <message>
        <source>This viewer</source>
        <translation>此观众</translation>
    </message>
    <message>
        <source>While this product was on stage</source>
        <translation>此商品讲解期间</translation>
    </message>
    <message>
        <source>Search the whole session…</source>
        <translation>搜索本场全部评论…</translation>
    </message>
    <message>
        <source>Only one console per room should let the rules act; on the others they only mark comments (flags and badges) and you act by hand.
Test mode: the rules say in the mod log what they would do; nothing is deleted, muted or held.</source>
        <translation>一个直播间只应由一台中控台执行自动规则；其他中控台上规则只做标记（旗标和角标），由你手动处理。
测试模式：规则只在处理记录里写明会做什么，不删除、不禁言、不暂扣。</translation>
    </message>
    <message>
        <source>Word lists…</source>
        <translation>词库…</translation>
    </message>
    <message>
        <source>Rules act on {name}&apos;s seat; here they only mark.</source>
        <translation>规则由{name}的席位执行；本席位只做标记。</translation>
    </message>
    <message>
        <source>{rate:.0f}/s · {total}</source>
        <translation>{rate:.0f} 条/秒 · 共 {total}</translation>
    </message>
    <message>
        <source>{rate:.0f} comments/s · {total} this session</source>
        <translation>{rate:.0f} 条/秒 · 本场 {total} 条</translation>
    </message>
    <message>
        <source>{n} comment contains “{text}”</source>
        <translation>{n} 条评论包含“{text}”</translation>
    </message>
    <message>
        <source>{n} comments contain “{text}”</source>
        <translation>{n} 条评论包含“{text}”</translation>
    </message>
    <message>
        <source>Viewer card…</source>
        <translation>观众卡片…</translation>
    </message>
    <message>
        <source>Approve</source>
        <translation>通过</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>驳回</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Hide here</source>
        <translation>仅本机隐藏</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>置顶</translation>
    </message>
    <message>
        <source>Mute 10 min</source>
        <translation>禁言 10 分钟</translation>
    </message>
    <message>
        <source>Mute 60 min</source>
        <translation>禁言 60 分钟</translation>
    </message>
    <message>
        <source>Ban</source>
        <translation>拉黑</translation>
    </message>
    <message>
        <source>Copy text</source>
        <translation>复制文字</translation>
    </message>
</context>
<context>
    <name>ConnectionCheck</name>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Mini-program live must be switched on for this mini-program (mp.weixin.qq.com → 功能 → 直播); a service provider also needs permission set 52 (小程序直播).</source>
        <translation>需要先为该小程序开通小程序直播（mp.weixin.qq.com → 功能 → 直播）；第三方服务商还需获得权限集 52（小程序直播）。</translation>
    </message>
    <message>
        <source>A service provider also needs permission set {set}.</source>
        <translation>第三方服务商还需获得权限集 {set}。</translation>
    </message>
    <message>
        <source>Could not connect: {reason}</source>
        <translation>无法连接：{reason}</translation>
    </message>
    <message>
        <source>Connected: {n} room(s) found.</source>
        <translation>已连接：找到 {n} 个直播间。</translation>
    </message>
    <message>
        <source>Connected to WeChat: {n} live room(s) found.</source>
        <translation>已连接微信：找到 {n} 个直播间。</translation>
    </message>
    <message>
        <source>This account may use: {areas}.</source>
        <translation>此账号可以使用：{areas}。</translation>
    </message>
    <message>
        <source>Not allowed — {area}: {reason}</source>
        <translation>未获授权——{area}：{reason}</translation>
    </message>
    <message>
        <source>{platform} cannot: {what}.</source>
        <translation>{platform}无法：{what}。</translation>
    </message>
    <message>
        <source>This kind of connection is not known.</source>
        <translation>不认识这种连接类型。</translation>
    </message>
    <message>
        <source>live rooms and their comments</source>
        <translation>直播间及其评论</translation>
    </message>
    <message>
        <source>no Studio answers at {url}. The server URL is the address Studio printed, such as {example}, with no path after it.</source>
        <translation>{url} 上没有 Studio 应答。服务器地址应是 Studio 启动时打印的地址（例如 {example}），后面不带路径。</translation>
    </message>
    <message>
        <source>nothing answers at {url}. Check the address and that Studio is running there.</source>
        <translation>{url} 没有应答。请检查地址，并确认 Studio 正在那里运行。</translation>
    </message>
    <message>
        <source>live rooms, the goods in a room, 讲解 and the room mute</source>
        <translation>直播间、直播间商品、讲解和全员禁言</translation>
    </message>
    <message>
        <source>the goods library</source>
        <translation>商品库</translation>
    </message>
    <message>
        <source>lives and live figures</source>
        <translation>直播场次与直播数据</translation>
    </message>
    <message>
        <source>live reservations</source>
        <translation>直播预约</translation>
    </message>
    <message>
        <source>shop coupons</source>
        <translation>店铺优惠券</translation>
    </message>
    <message>
        <source>flash sales</source>
        <translation>限时抢购</translation>
    </message>
    <message>
        <source>orders (to count what a flash sale sold)</source>
        <translation>订单（用于统计抢购销量）</translation>
    </message>
    <message>
        <source>the authorized shop</source>
        <translation>已授权的店铺</translation>
    </message>
    <message>
        <source>products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>flash deals</source>
        <translation>限时秒杀</translation>
    </message>
</context>
<context>
    <name>ConnectionLinks</name>
    <message>
        <source>Product (catalog)</source>
        <translation>商品（商品库）</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>On {platform}</source>
        <translation>在 {platform} 上</translation>
    </message>
    <message>
        <source>Linked by</source>
        <translation>对应方式</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <source>Their SKU</source>
        <translation>对方 SKU</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <source>Their coupon</source>
        <translation>对方优惠券</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Coupons</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <source>SKUs of the selected product</source>
        <translation>所选商品的 SKU</translation>
    </message>
    <message>
        <source>Every product of the catalog has a match.</source>
        <translation>商品库里的每个商品都有对应。</translation>
    </message>
    <message>
        <source>{n} catalog product(s) have no match here: actions on them are not sent to this platform.</source>
        <translation>{n} 个商品库商品在这里没有对应：对它们的操作不会发到这个平台。</translation>
    </message>
    <message>
        <source>Not linked to anything of the catalog: {names}</source>
        <translation>没有对应到商品库的：{names}</translation>
    </message>
</context>
<context>
    <name>Connections</name>
    <message>
        <source>Access token</source>
        <translation>访问令牌</translation>
    </message>
    <message>
        <source>My Studio</source>
        <translation>我的 Studio</translation>
    </message>
    <message>
        <source>AppSecret</source>
        <translation>AppSecret</translation>
    </message>
    <message>
        <source>Mini-program live</source>
        <translation>小程序直播</translation>
    </message>
    <message>
        <source>WeChat Channels shop</source>
        <translation>视频号小店</translation>
    </message>
    <message>
        <source>App secret</source>
        <translation>App secret（应用密钥）</translation>
    </message>
    <message>
        <source>TikTok Shop</source>
        <translation>TikTok Shop</translation>
    </message>
    <message>
        <source>App key</source>
        <translation>App key（应用 key）</translation>
    </message>
    <message>
        <source>“{name}” needs its TikTok Shop app key (Partner Center → App → App key).</source>
        <translation>“{name}”需要填写 TikTok Shop 的 App key（Partner Center → 应用 → App key）。</translation>
    </message>
    <message>
        <source>Twitch sign-in</source>
        <translation>Twitch 登录</translation>
    </message>
    <message>
        <source>Twitch channel</source>
        <translation>Twitch 频道</translation>
    </message>
    <message>
        <source>Client ID</source>
        <translation>Client ID（客户端 ID）</translation>
    </message>
    <message>
        <source>“{name}” needs the Client ID of your Twitch application (dev.twitch.tv → Your Console → Applications).</source>
        <translation>“{name}”需要填写你的 Twitch 应用的 Client ID（dev.twitch.tv → Your Console → Applications）。</translation>
    </message>
    <message>
        <source>OAuth client secret</source>
        <translation>OAuth 客户端密钥</translation>
    </message>
    <message>
        <source>YouTube channel</source>
        <translation>YouTube 频道</translation>
    </message>
    <message>
        <source>“{name}” needs its OAuth client ID: it ends with “.apps.googleusercontent.com” (Google Cloud console → APIs &amp; Services → Credentials).</source>
        <translation>“{name}”需要填写 OAuth 客户端 ID：以“.apps.googleusercontent.com”结尾（Google Cloud 控制台 → API 和服务 → 凭据）。</translation>
    </message>
    <message>
        <source>Studio — rehearse {platform}&apos;s limits</source>
        <translation>Studio——按{platform}的限制彩排</translation>
    </message>
    <message>
        <source>this account&apos;s live of today</source>
        <translation>该账号今天的直播</translation>
    </message>
    <message>
        <source>The server URL of “{name}” must start with http:// or https://.</source>
        <translation>“{name}”的服务器地址必须以 http:// 或 https:// 开头。</translation>
    </message>
    <message>
        <source>“{name}” is of a kind this version of the console does not know ({kind}).</source>
        <translation>“{name}”的连接类型（{kind}）当前版本的中控台不认识。</translation>
    </message>
    <message>
        <source>“{name}” needs a server URL (http:// or https://) and a room.</source>
        <translation>“{name}”需要填写服务器地址（http:// 或 https://）和直播间。</translation>
    </message>
    <message>
        <source>The API base URL of “{name}” must start with http:// or https:// (normally {url}).</source>
        <translation>“{name}”的 API 地址必须以 http:// 或 https:// 开头（通常是 {url}）。</translation>
    </message>
    <message>
        <source>“{name}” needs its AppID: it starts with “wx” (WeChat admin console → 开发管理 → 开发设置).</source>
        <translation>“{name}”需要填写 AppID：以“wx”开头（微信后台 → 开发管理 → 开发设置）。</translation>
    </message>
    <message>
        <source>AppID</source>
        <translation>AppID</translation>
    </message>
    <message>
        <source>“{name}” needs its application id.</source>
        <translation>“{name}”需要填写应用 ID。</translation>
    </message>
    <message>
        <source>“{name}” needs a live room: press Test connection to choose one, or type its id.</source>
        <translation>“{name}”需要选择直播间：点“测试连接”后选择，或直接输入直播间 ID。</translation>
    </message>
</context>
<context>
    <name>ConnectionsDialog</name>
    <message>
        <source>Connections</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>The first connection that can list products is the main one: the console shows its shelf, video and crew. Move a connection up or down to choose.</source>
        <translation>第一个能上架商品的连接是主连接：中控台显示它的购物车、画面和团队。上移或下移连接即可选择。</translation>
    </message>
    <message>
        <source>No connection is set up, so the console runs the bundled Studio with a demo room. Add a connection to drive your own Studio server or a WeChat account.</source>
        <translation>尚未设置连接，中控台正在运行内置 Studio 和演示直播间。添加连接即可操作您自己的 Studio 服务器或微信账号。</translation>
    </message>
    <message>
        <source>A real platform, or a Studio connection that behaves like one (only that platform&apos;s capabilities): useful to rehearse a show for it.</source>
        <translation>真实平台，或模拟某个平台的 Studio 连接（只有该平台支持的功能）：用于为该平台彩排。</translation>
    </message>
    <message>
        <source>The AppID from the WeChat admin console (开发管理 → 开发设置).</source>
        <translation>微信后台的 AppID（开发管理 → 开发设置）。</translation>
    </message>
    <message>
        <source>room id (Test connection lists them)</source>
        <translation>直播间 ID（“测试连接”会列出）</translation>
    </message>
    <message>
        <source>The room this connection follows, by its id on the platform. Test connection lists the rooms the account can reach, with their titles.</source>
        <translation>此连接跟随的直播间，使用它在平台上的 ID。“测试连接”会列出该账号可进入的直播间及其标题。</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Sign in…</source>
        <translation>登录…</translation>
    </message>
    <message>
        <source>Opens your browser to allow the console access; the sign-in is kept in the system keyring.</source>
        <translation>打开浏览器授权中控台访问；登录信息保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>Use this connection</source>
        <translation>使用此连接</translation>
    </message>
    <message>
        <source>Show advanced settings</source>
        <translation>显示高级设置</translation>
    </message>
    <message>
        <source>Where the WeChat API is reached: {url}, or Studio&apos;s WeChat emulator (http://127.0.0.1:PORT) to rehearse without the real account.</source>
        <translation>微信 API 的访问地址：{url}；彩排时可改为 Studio 的微信模拟服务（http://127.0.0.1:端口），无需真实账号。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>AppID</source>
        <translation>AppID</translation>
    </message>
    <message>
        <source>Server URL</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>访问令牌</translation>
    </message>
    <message>
        <source>Room</source>
        <translation>直播间</translation>
    </message>
    <message>
        <source>API base URL</source>
        <translation>API 地址</translation>
    </message>
    <message>
        <source>Tokens are stored in the system keyring ({backend}).</source>
        <translation>令牌保存在系统钥匙串中（{backend}）。</translation>
    </message>
    <message>
        <source>No system keyring is available: tokens are kept only until the console closes.</source>
        <translation>没有可用的系统钥匙串：令牌只保留到中控台关闭为止。</translation>
    </message>
    <message>
        <source>{name} (off)</source>
        <translation>{name}（已停用）</translation>
    </message>
    <message>
        <source>{name} (main)</source>
        <translation>{name}（主）</translation>
    </message>
    <message>
        <source>The main connection: the console shows its shelf, video and crew.</source>
        <translation>主连接：中控台显示它的购物车、画面和团队。</translation>
    </message>
    <message>
        <source>Live room</source>
        <translation>直播间</translation>
    </message>
    <message>
        <source>saved — type to replace</source>
        <translation>已保存 — 输入可替换</translation>
    </message>
    <message>
        <source>paste the token</source>
        <translation>粘贴令牌</translation>
    </message>
    <message>
        <source>paste the AppSecret</source>
        <translation>粘贴 AppSecret</translation>
    </message>
    <message>
        <source>paste the client secret, then Sign in…</source>
        <translation>粘贴客户端密钥，然后点“登录…”</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Test cancelled.</source>
        <translation>测试已取消。</translation>
    </message>
    <message>
        <source>Cancel test</source>
        <translation>取消测试</translation>
    </message>
    <message>
        <source>Testing the connection…</source>
        <translation>正在测试连接…</translation>
    </message>
    <message>
        <source>There is no room “{room}” among them: choose one from the list.</source>
        <translation>其中没有直播间“{room}”：请从列表中选择一个。</translation>
    </message>
    <message>
        <source>live</source>
        <translation>直播中</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未开播</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Sign-in cancelled.</source>
        <translation>已取消登录。</translation>
    </message>
    <message>
        <source>Enter the client ID first.</source>
        <translation>请先填写客户端 ID。</translation>
    </message>
    <message>
        <source>Waiting for you to allow access in the browser…</source>
        <translation>正在等待你在浏览器中授权…</translation>
    </message>
    <message>
        <source>Cancel sign-in</source>
        <translation>取消登录</translation>
    </message>
    <message>
        <source>Signed in. The sign-in is kept in the system keyring.</source>
        <translation>已登录。登录信息保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>Signed in, but the keyring could not keep it: it lasts until the console closes.</source>
        <translation>已登录，但钥匙串无法保存：关闭中控台后需重新登录。</translation>
    </message>
    <message>
        <source>Type the code {code} at {url}</source>
        <translation>请在 {url} 输入代码 {code}</translation>
    </message>
    <message>
        <source>Waiting for the sign-in…</source>
        <translation>正在等待登录…</translation>
    </message>
    <message>
        <source>“{name}” is not signed in: press Sign in….</source>
        <translation>“{name}”尚未登录：请点“登录…”。</translation>
    </message>
    <message>
        <source>“{name}” needs its AppSecret.</source>
        <translation>“{name}”需要填写 AppSecret。</translation>
    </message>
    <message>
        <source>The connections could not be saved ({error}); the console goes on with the ones it had.</source>
        <translation>连接无法保存（{error}）；控制台继续使用原有的连接。</translation>
    </message>
    <message>
        <source>Enter the AppID and the AppSecret first.</source>
        <translation>请先填写 AppID 和 AppSecret。</translation>
    </message>
    <message>
        <source>“{name}” reaches the same room as “{other}”: turn one of them off or remove it.</source>
        <translation>“{name}”与“{other}”连接的是同一个直播间：请停用或删除其中一个。</translation>
    </message>
    <message>
        <source>The token could not be saved in the keyring; it is kept for this session only.</source>
        <translation>令牌无法保存到钥匙串，仅在本次会话中有效。</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>No system keyring is available, so access tokens will not be remembered after you close the console. Install and unlock a keyring (GNOME Keyring, KWallet, macOS Keychain or Windows Credential Manager) to keep them.</source>
        <translation>没有可用的系统钥匙串，关闭中控台后将不会记住访问令牌。请安装并解锁钥匙串（GNOME Keyring、KWallet、macOS 钥匙串或 Windows 凭据管理器）以保存令牌。</translation>
    </message>
    <message>
        <source>No system keyring is available, so sign-ins (YouTube, Twitch, TikTok Shop) will not be remembered after you close the console: sign in again next time. Install and unlock a keyring (GNOME Keyring, KWallet, macOS Keychain or Windows Credential Manager) to keep them.</source>
        <translation>没有可用的系统钥匙串，关闭中控台后不会记住登录（YouTube、Twitch、TikTok Shop）：下次需要重新登录。安装并解锁钥匙串（GNOME Keyring、KWallet、macOS 钥匙串或 Windows 凭据管理器）即可保存。</translation>
    </message>
    <message>
        <source>No system keyring is available, so access tokens and WeChat AppSecrets will not be remembered after you close the console: enter the AppSecrets again next time. Install and unlock a keyring (GNOME Keyring, KWallet, macOS Keychain or Windows Credential Manager) to keep them.</source>
        <translation>没有可用的系统钥匙串，关闭中控台后不会记住访问令牌和微信 AppSecret：下次需要重新填写 AppSecret。安装并解锁钥匙串（GNOME Keyring、KWallet、macOS 钥匙串或 Windows 凭据管理器）即可保存。</translation>
    </message>
    <message>
        <source>The saved secret of “{name}” could not be read: the system keyring may be locked. Unlock it, then press Reconnect.</source>
        <translation>无法读取“{name}”保存的密钥：系统钥匙串可能已锁定。请先解锁，再按“重新连接”。</translation>
    </message>
    <message>
        <source>The saved secret of “{name}” could not be read: the system keyring is not answering. Enter it again in Connections to connect until the console closes.</source>
        <translation>无法读取“{name}”保存的密钥：系统钥匙串没有响应。请在“连接”中重新输入，即可连接到中控台关闭为止。</translation>
    </message>
    <message>
        <source>Reconnect</source>
        <translation>重新连接</translation>
    </message>
    <message>
        <source>The comments are being saved again.</source>
        <translation>评论已恢复保存。</translation>
    </message>
    <message>
        <source>The action journal is written again.</source>
        <translation>操作日志已恢复写入。</translation>
    </message>
    <message>
        <source>The action journal cannot be written ({why}): no action is sent, and the rules delete nothing, until it can be.</source>
        <translation>操作日志无法写入（{why}）：在恢复写入之前，不会发送任何操作，自动规则也不会删除评论。</translation>
    </message>
    <message>
        <source>Something went wrong ({error}). The console keeps running; the details are in the log file.</source>
        <translation>出现了问题（{error}）。中控台仍在运行，详细信息已写入日志文件。</translation>
    </message>
    <message>
        <source>The rules mode is set for now, but it could not be saved for the next start ({error}).</source>
        <translation>规则执行方式已在本次生效，但未能保存，下次启动不会保留（{error}）。</translation>
    </message>
    <message>
        <source>Reconciled {n} action(s) left open by the last session.</source>
        <translation>已核对上次会话遗留的 {n} 个未完成操作。</translation>
    </message>
    <message>
        <source>{n} money action(s) of another room are still without an answer. They are not sent again here: check them on their platform (the journal lists them), or connect to that room again to resend them.</source>
        <translation>有 {n} 个其他直播间的资金操作仍无回应。这里不会重新发送：请在对应平台核对（操作日志中有列出），或重新连接到该直播间以重新发送。</translation>
    </message>
    <message>
        <source>Starting the bundled Studio…</source>
        <translation>正在启动内置 Studio…</translation>
    </message>
    <message>
        <source>The bundled Studio could not start ({error}). Its log is in {path}.</source>
        <translation>内置 Studio 无法启动（{error}）。日志位于 {path}。</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>“{name}” reaches the same room as “{other}”; it is left out, so that no action is sent there twice.</source>
        <translation>“{name}”与“{other}”连接的是同一个直播间；已略过“{name}”，以免任何操作被发送两次。</translation>
    </message>
    <message>
        <source>“{name}” is of a kind this version of the console does not know ({kind}); it is left out.</source>
        <translation>“{name}”的连接类型（{kind}）当前版本的中控台不认识，已略过。</translation>
    </message>
    <message>
        <source>Studio (demo)</source>
        <translation>Studio（演示）</translation>
    </message>
    <message>
        <source>Connected to the bundled Studio</source>
        <translation>已连接到内置 Studio</translation>
    </message>
    <message>
        <source>The bundled Studio stopped; restarting it…</source>
        <translation>内置 Studio 已停止，正在重启…</translation>
    </message>
    <message>
        <source>The bundled Studio could not restart ({error}).</source>
        <translation>内置 Studio 无法重启（{error}）。</translation>
    </message>
    <message>
        <source>The bundled Studio is back</source>
        <translation>内置 Studio 已恢复</translation>
    </message>
    <message>
        <source>No access token for “{name}”. Open Connections to enter one.</source>
        <translation>“{name}”没有访问令牌。请打开“连接”填写。</translation>
    </message>
    <message>
        <source>“{name}” is not signed in to TikTok Shop. Open Connections, enter the app secret and press Sign in.</source>
        <translation>“{name}”尚未登录 TikTok Shop。请打开“连接”，填写 App secret 并点“登录”。</translation>
    </message>
    <message>
        <source>“{name}” is not signed in to Twitch. Open Connections and press Sign in.</source>
        <translation>“{name}”尚未登录 Twitch。请打开“连接”并点“登录”。</translation>
    </message>
    <message>
        <source>“{name}” is not signed in to YouTube. Open Connections and press Sign in.</source>
        <translation>“{name}”尚未登录 YouTube。请打开“连接”并点“登录”。</translation>
    </message>
    <message>
        <source>No AppSecret for “{name}”. Open Connections to enter it.</source>
        <translation>“{name}”没有 AppSecret。请打开“连接”填写。</translation>
    </message>
    <message>
        <source>The product links between platforms could not be read; they were kept as {file} and start again from the automatic matches.</source>
        <translation>各平台商品的对应关系无法读取；原文件已保留为 {file}，对应关系从自动匹配重新开始。</translation>
    </message>
    <message>
        <source>The product links could not be written to {file} ({why}); they apply until the console closes.</source>
        <translation>商品关联无法写入 {file}（{why}）；在中控台关闭前仍然有效。</translation>
    </message>
    <message>
        <source>Could not read the products of {platform} to link them: {reason}</source>
        <translation>无法读取 {platform} 的商品来建立对应：{reason}</translation>
    </message>
    <message>
        <source>{n} products have no match on {platform}: actions on them are not sent there. Link them in Room → Products across platforms.</source>
        <translation>{n} 个商品在 {platform} 上没有对应：对它们的操作不会发到那里。请在“直播间 → 跨平台商品对应”中关联。</translation>
    </message>
    <message>
        <source>The action journal could not be read; it was kept as {file} and a new journal was started. Whether actions sent before this start reached the platform is unknown: check them on the platform before sending any again.</source>
        <translation>操作日志无法读取，已另存为 {file}，并新建了日志。本次启动前发出的操作是否到达平台无法确定：再次发送前请先在平台上核对。</translation>
    </message>
    <message>
        <source>The lucky-bag file could not be read; it was kept as {file} and a new one was started. Lucky bags started before this start cannot be drawn here: check them on the platform.</source>
        <translation>福袋文件无法读取，已另存为 {file}，并新建了文件。本次启动前发起的福袋无法在这里开奖：请到平台上核对。</translation>
    </message>
    <message>
        <source>The demo Studio&apos;s database could not be read; it was kept as {file} and a new demo was started.</source>
        <translation>演示 Studio 的数据库无法读取，已另存为 {file}，并启动了新的演示。</translation>
    </message>
    <message>
        <source>Studio&apos;s database {file} is damaged</source>
        <translation>Studio 的数据库 {file} 已损坏</translation>
    </message>
    <message>
        <source>Studio cannot open its database {file}</source>
        <translation>Studio 无法打开数据库 {file}</translation>
    </message>
    <message>
        <source>Studio did not start within {seconds} s</source>
        <translation>Studio 在 {seconds} 秒内没有启动</translation>
    </message>
    <message>
        <source>Studio: {error}</source>
        <translation>Studio：{error}</translation>
    </message>
    <message>
        <source>Studio exited before it was ready</source>
        <translation>Studio 在就绪前就退出了</translation>
    </message>
    <message>
        <source>Anchor Console cannot start: it cannot write its files in {folder} ({error}). Free some disk space or make that folder writable, then start it again.</source>
        <translation>中控台无法启动：无法在 {folder} 中写入文件（{error}）。请释放一些磁盘空间或让该文件夹可写，然后重新启动。</translation>
    </message>
    <message>
        <source>Anchor Console is already running. Switch to its window.</source>
        <translation>中控台已在运行。请切换到它的窗口。</translation>
    </message>
    <message>
        <source>Waiting for the system keyring to be unlocked…</source>
        <translation>正在等待系统钥匙串解锁…</translation>
    </message>
    <message>
        <source>No connection can be used; open Connections.</source>
        <translation>没有可用的连接；请打开“连接”。</translation>
    </message>
    <message>
        <source>Try the keyring again</source>
        <translation>重试钥匙串</translation>
    </message>
    <message>
        <source>The system keyring did not keep the secrets of {names}: they are kept only until the console closes. Unlock the keyring, then press “Try the keyring again”.</source>
        <translation>系统钥匙串没有保存 {names} 的密钥：它们只保留到中控台关闭。请解锁钥匙串，然后点“重试钥匙串”。</translation>
    </message>
    <message>
        <source>The system keyring did not keep {n} secret(s): they are kept only until the console closes. Unlock the keyring, then press “Try the keyring again”.</source>
        <translation>系统钥匙串没有保存 {n} 个密钥：它们只保留到中控台关闭。请解锁钥匙串，然后点“重试钥匙串”。</translation>
    </message>
    <message>
        <source>The system keyring still did not keep the secrets of {names}: they are kept only until the console closes. Unlock the keyring and try again.</source>
        <translation>系统钥匙串仍然没有保存 {names} 的密钥：它们只保留到中控台关闭。请解锁钥匙串后再试。</translation>
    </message>
    <message>
        <source>The system keyring still did not keep {n} secret(s): they are kept only until the console closes. Unlock the keyring and try again.</source>
        <translation>系统钥匙串仍然没有保存 {n} 个密钥：它们只保留到中控台关闭。请解锁钥匙串后再试。</translation>
    </message>
    <message>
        <source>The secrets are saved in the system keyring now: they will be remembered after the console closes.</source>
        <translation>密钥已保存到系统钥匙串：中控台关闭后也会记住。</translation>
    </message>
</context>
<context>
    <name>ControlApi</name>
    <message>
        <source>No system keyring is available, so the control API&apos;s token could not be kept: the API stays off. Install and unlock a keyring to use it.</source>
        <translation>系统没有可用的密钥环，无法保存控制接口的令牌，接口保持关闭。请安装并解锁密钥环后再使用。</translation>
    </message>
    <message>
        <source>The control API&apos;s token could not be read from the system keyring (is it locked?), so the API stays off rather than replace the token your keys use. Unlock the keyring, then save Settings again.</source>
        <translation>无法从系统钥匙串读取控制 API 的令牌（钥匙串是否已锁定？），为免替换您按键正在使用的令牌，API 保持关闭。请解锁钥匙串，然后再次保存设置。</translation>
    </message>
    <message>
        <source>The control API could not start ({error}), so it stays off.</source>
        <translation>控制接口无法启动（{error}），因此保持关闭。</translation>
    </message>
    <message>
        <source>The control API stopped unexpectedly ({error}): keys and scripts get no answer. Save Settings → Control API again to start it.</source>
        <translation>控制接口意外停止（{error}）：按键和脚本收不到回应。请在“设置 → 控制接口”中再次保存以启动它。</translation>
    </message>
    <message>
        <source>The control API could not listen on port {port} ({error}); choose another port.</source>
        <translation>控制接口无法监听端口 {port}（{error}），请换一个端口。</translation>
    </message>
    <message>
        <source>Another program already listens on port {port} of this computer&apos;s IPv6 address ::1 ({error}), so the control API stays off: a key or script that says “localhost” could reach that program and hand it the token. Choose another port.</source>
        <translation>另一个程序已在这台电脑的 IPv6 地址 ::1 上监听端口 {port}（{error}），因此控制接口保持关闭：写着“localhost”的按键或脚本可能连到那个程序，并把令牌交给它。请换一个端口。</translation>
    </message>
    <message>
        <source>No flash sale is armed: arm one first, then FIRE.</source>
        <translation>没有待发的秒杀：请先准备秒杀，再发射。</translation>
    </message>
    <message>
        <source>The same kind of action is still in flight; press again when it is done.</source>
        <translation>同类操作仍在进行中，完成后再按。</translation>
    </message>
    <message>
        <source>No show is running.</source>
        <translation>没有正在进行的直播脚本。</translation>
    </message>
    <message>
        <source>No cue is waiting for GO.</source>
        <translation>没有等待执行的动作。</translation>
    </message>
    <message>
        <source>The confirmation was declined.</source>
        <translation>确认被拒绝。</translation>
    </message>
    <message>
        <source>GO was asked of the seat that calls the show.</source>
        <translation>已请负责叫场的席位执行 GO。</translation>
    </message>
    <message>
        <source>The show&apos;s run on this seat ended before GO sent the cue (another seat calls the show), so nothing was sent from here.</source>
        <translation>在 GO 发出动作之前，本席位的脚本运行已结束（由另一个席位叫场），因此这里没有发送任何内容。</translation>
    </message>
    <message>
        <source>The cue was dismissed, so GO sent nothing.</source>
        <translation>该动作已被忽略，因此 GO 没有发送任何内容。</translation>
    </message>
    <message>
        <source>The cue&apos;s segment was left before GO sent it, so nothing was sent.</source>
        <translation>在 GO 发出之前已离开该动作所在的环节，因此没有发送任何内容。</translation>
    </message>
    <message>
        <source>This Idempotency-Key was used for another command or other arguments, so nothing was sent. Use a new key for a new action.</source>
        <translation>这个 Idempotency-Key 已用于另一条命令或其他参数，因此没有发送。新的操作请使用新的键。</translation>
    </message>
    <message>
        <source>The shelf has {count} products; there is no product {n}.</source>
        <translation>货架上有 {count} 个商品，没有第 {n} 个。</translation>
    </message>
    <message>
        <source>Product {id} is not on the shelf.</source>
        <translation>商品 {id} 不在货架上。</translation>
    </message>
    <message>
        <source>&apos;seconds&apos; must be 0 (off) or {low} to {high}</source>
        <translation>“seconds”必须为 0（关闭）或 {low} 到 {high}</translation>
    </message>
    <message>
        <source>&apos;minutes&apos; may be at most {most} ({days} days)</source>
        <translation>“minutes”最多为 {most}（{days} 天）</translation>
    </message>
    <message>
        <source>There is no coupon template {id}; the templates are {ids}.</source>
        <translation>没有优惠券模板 {id}；可用的模板是 {ids}。</translation>
    </message>
    <message>
        <source>Lucky bag {bag} is not open; the open ones are {open}.</source>
        <translation>福袋 {bag} 未开启；正在进行的福袋是 {open}。</translation>
    </message>
    <message>
        <source>Say which lucky bag to draw ({count} open).</source>
        <translation>请指明要开奖的福袋（有 {count} 个进行中）。</translation>
    </message>
    <message>
        <source>No lucky bag is open.</source>
        <translation>没有进行中的福袋。</translation>
    </message>
    <message>
        <source>Requests from web pages are refused: the control API is for Stream Deck, Companion and scripts on this computer, which send no Origin header.</source>
        <translation>拒绝来自网页的请求：控制接口只供这台电脑上的 Stream Deck、Companion 和脚本使用，它们不会发送 Origin 头。</translation>
    </message>
    <message>
        <source>The request&apos;s body is larger than {kib} KiB; a command&apos;s arguments take far less.</source>
        <translation>请求正文超过 {kib} KiB；命令的参数远用不了这么多。</translation>
    </message>
    <message>
        <source>A command&apos;s body must be JSON, sent with “Content-Type: application/json”.</source>
        <translation>命令的正文必须是 JSON，并以“Content-Type: application/json”发送。</translation>
    </message>
    <message>
        <source>The Idempotency-Key header must be 1 to 100 printable characters (letters, digits, - _ . : and the like), with no spaces around it.</source>
        <translation>Idempotency-Key 头必须是 1 到 100 个可打印字符（字母、数字、- _ . : 等），前后不能有空格。</translation>
    </message>
    <message>
        <source>The body must be a JSON object of the command&apos;s arguments.</source>
        <translation>正文必须是一个包含命令参数的 JSON 对象。</translation>
    </message>
    <message>
        <source>The body is nested too deeply; it must be a JSON object of the command&apos;s arguments.</source>
        <translation>正文嵌套太深；它必须是一个包含命令参数的 JSON 对象。</translation>
    </message>
    <message>
        <source>A valid token is required, in the header “Authorization: Bearer &lt;token&gt;” (Settings → Control API shows it).</source>
        <translation>需要有效的令牌，放在“Authorization: Bearer &lt;token&gt;”头中（“设置 → 控制接口”中可以看到）。</translation>
    </message>
    <message>
        <source>There is no command “{name}”; the commands are: {names}.</source>
        <translation>没有“{name}”这条命令；可用的命令有：{names}。</translation>
    </message>
    <message>
        <source>There is nothing at {path}; the control API&apos;s addresses start with /api/v1/.</source>
        <translation>{path} 没有内容；控制接口的地址以 /api/v1/ 开头。</translation>
    </message>
    <message>
        <source>This address does not take {method} requests.</source>
        <translation>这个地址不接受 {method} 请求。</translation>
    </message>
    <message>
        <source>The request was refused (HTTP {status}).</source>
        <translation>请求被拒绝（HTTP {status}）。</translation>
    </message>
    <message>
        <source>The control API answers only requests addressed to this computer (127.0.0.1, [::1] or localhost).</source>
        <translation>控制接口只回应发给这台电脑的请求（127.0.0.1、[::1] 或 localhost）。</translation>
    </message>
    <message>
        <source>Something went wrong in the console while answering this request; the console&apos;s log says what. Look in its journal before sending a money command again.</source>
        <translation>中控台在回应这个请求时出了问题，详情见中控台日志。再次发送资金类命令前，请先查看操作记录。</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is required</source>
        <translation>必须提供“{name}”</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; must be a whole number</source>
        <translation>“{name}”必须是整数</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; must be {low} to {high}</source>
        <translation>“{name}”必须在 {low} 到 {high} 之间</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; must be at least {low}</source>
        <translation>“{name}”至少为 {low}</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; may have at most {longest} characters</source>
        <translation>“{name}”最多 {longest} 个字符</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; must be one of {values}</source>
        <translation>“{name}”必须是以下之一：{values}</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; must be a plain value: text, a number, true, false or null</source>
        <translation>“{name}”必须是简单值：文本、数字、true、false 或 null</translation>
    </message>
    <message>
        <source>&apos;keyword&apos; is required when viewers enter by commenting it</source>
        <translation>观众通过评论口令参与时，必须提供“keyword”</translation>
    </message>
    <message>
        <source>&apos;total_fen&apos; must be at least 1 分 for each of the {count} shares</source>
        <translation>“total_fen”必须保证 {count} 份中每份至少 1 分</translation>
    </message>
    <message>
        <source>Nothing was sent yet: this is a money action. Press the same key again within {seconds} s to send it (a script sends the same command again, or one with &quot;confirm_id&quot;: &quot;{confirm_id}&quot;).</source>
        <translation>还没有发送：这是资金操作。请在 {seconds} 秒内再按一次同一个键来发送（脚本可以再次发送同一条命令，或带上 &quot;confirm_id&quot;: &quot;{confirm_id}&quot; 发送）。</translation>
    </message>
    <message>
        <source>The money action was not confirmed within {seconds} s, so nothing was sent. Press again to start over.</source>
        <translation>资金操作未在 {seconds} 秒内确认，因此没有发送。请重新按键。</translation>
    </message>
    <message>
        <source>No money action with these arguments awaits this confirmation (it was used, replaced by another press, or not confirmed within {seconds} s), so nothing was sent. Send the command again to start over.</source>
        <translation>没有等待这次确认的、参数相同的资金操作（已使用、被另一次按键取代，或未在 {seconds} 秒内确认），因此没有发送。请重新发送命令。</translation>
    </message>
</context>
<context>
    <name>ControlApiBox</name>
    <message>
        <source>Control API (Stream Deck, Companion, scripts)</source>
        <translation>控制接口（Stream Deck、Companion、脚本）</translation>
    </message>
    <message>
        <source>Let programs on this computer control the console (Stream Deck, Companion, scripts)</source>
        <translation>允许这台电脑上的程序控制中控台（Stream Deck、Companion、脚本）</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>A new token: keys and scripts with the old one stop working at once.</source>
        <translation>生成新令牌：使用旧令牌的按键和脚本会立即失效。</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>端口</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Token</source>
        <translation>令牌</translation>
    </message>
    <message>
        <source>No system keyring is available, so the API&apos;s token cannot be kept and the API cannot be turned on. Install and unlock a keyring to use it.</source>
        <translation>系统没有可用的密钥环，无法保存接口令牌，也就无法开启接口。请安装并解锁密钥环后再使用。</translation>
    </message>
    <message>
        <source>Keys send POST {url}/commands/… with the token in an “Authorization: Bearer” header (the state stream also takes ?token=). While the console asks before money actions, a money key sends nothing on its first press: press it again within 5 s.</source>
        <translation>按键向 {url}/commands/… 发送 POST 请求，令牌放在“Authorization: Bearer”头中（状态流也接受 ?token=）。中控台要求确认资金操作时，资金类按键第一次按下不会发送：请在 5 秒内再按一次。</translation>
    </message>
    <message>
        <source>Off: nothing listens.</source>
        <translation>已关闭：不监听任何端口。</translation>
    </message>
    <message>
        <source>The keyring would not keep a new token, so the old one still works. Unlock the keyring and try again.</source>
        <translation>钥匙串未能保存新令牌，旧令牌仍然有效。请解锁钥匙串后重试。</translation>
    </message>
</context>
<context>
    <name>CouponModel</name>
    <message>
        <source>Coupon</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Claimed</source>
        <translation>已领取</translation>
    </message>
    <message>
        <source>Left</source>
        <translation>剩余</translation>
    </message>
    <message>
        <source>Ends in</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>生效中</translation>
    </message>
    <message>
        <source>All claimed</source>
        <translation>已领完</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
</context>
<context>
    <name>Crew</name>
    <message>
        <source>{name}&apos;s seat sent this same money action {seconds} s ago, so it was not sent again from here. To send another one, press again in a moment.</source>
        <translation>{name} 的席位在 {seconds} 秒前已发出同样的资金操作，因此这里没有再次发送。如需再发一次，请稍后再按。</translation>
    </message>
    <message>
        <source>This console could not join the other seats on this room: {why} It keeps trying; until then, shared logs, the rules lease and show follow are off here.</source>
        <translation>本中控台无法加入此直播间的其他席位：{why} 会继续尝试；在此之前，共享日志、规则执行权和脚本跟随在本机不可用。</translation>
    </message>
    <message>
        <source>The {role} role may not do this on this room; ask the anchor.</source>
        <translation>{role}角色不能在这个直播间做这件事，请找主播。</translation>
    </message>
    <message>
        <source>anchor</source>
        <translation>主播</translation>
    </message>
    <message>
        <source>assistant</source>
        <translation>场控</translation>
    </message>
    <message>
        <source>moderator</source>
        <translation>评论管理员</translation>
    </message>
    <message>
        <source>viewer</source>
        <translation>观众</translation>
    </message>
    <message>
        <source>This console is not one of several seats on a Studio room.</source>
        <translation>这台中控台不是 Studio 直播间多个席位中的一个。</translation>
    </message>
    <message>
        <source>No seat is running the show on this room.</source>
        <translation>这个直播间没有席位在主控直播脚本。</translation>
    </message>
    <message>
        <source>The seat that ran the show ({name}) has gone, during “{segment}”. Start the show here to go on from that segment: the cues before it are not fired again, and one of it already due waits for your GO. A money cue it may have sent just before it went is looked for on the platform before it is sent.</source>
        <translation>运行流程的席位（{name}）已离开，当时在“{segment}”。在这里开始流程即可从该环节接着进行：之前环节的动作不会再次执行，该环节已到时间的动作会等你按 GO。它离开前可能刚发出的资金动作，会先到平台上查找，再决定是否发送。</translation>
    </message>
    <message>
        <source>“{cue}” was not sent again: {name}&apos;s seat sent it just before it went, and {platform} has it. It is marked done here.</source>
        <translation>“{cue}”没有再次发送：{name}的席位在离开前刚发出过，{platform} 上已有。这里已标记为完成。</translation>
    </message>
    <message>
        <source>Held, not sent: {name}&apos;s seat may have sent it just before it went, and {platform} cannot say. Look there first; Retry cue sends it.</source>
        <translation>已暂停，未发送：{name}的席位离开前可能已发出，{platform} 无法确认。请先到平台上查看；点“重新执行动作”会发送。</translation>
    </message>
</context>
<context>
    <name>CrewPanel</name>
    <message>
        <source>now</source>
        <translation>刚刚</translation>
    </message>
    <message>
        <source>{n} s ago</source>
        <translation>{n} 秒前</translation>
    </message>
    <message>
        <source>{n} min ago</source>
        <translation>{n} 分钟前</translation>
    </message>
    <message>
        <source>Crews need a Studio room: several consoles (seats) on one room see each other here, share the journal and follow one show caller. This room has no crew.</source>
        <translation>团队协作需要 Studio 直播间：同一直播间的多台中控台（席位）会在这里互相看到、共享操作日志，并跟随同一个主控席位。这个直播间没有团队席位。</translation>
    </message>
    <message>
        <source>Automatic moderation rules act on: this seat</source>
        <translation>自动评论规则执行席位：本席位</translation>
    </message>
    <message>
        <source>Automatic moderation rules act on: no seat (each seat only marks)</source>
        <translation>自动评论规则执行席位：无（各席位只做标记）</translation>
    </message>
    <message>
        <source>Automatic moderation rules act on: {name}&apos;s seat</source>
        <translation>自动评论规则执行席位：{name}的席位</translation>
    </message>
    <message>
        <source>Show caller: this seat</source>
        <translation>主控席位：本席位</translation>
    </message>
    <message>
        <source>Show caller: {name}</source>
        <translation>主控席位：{name}</translation>
    </message>
    <message>
        <source>Show caller: none</source>
        <translation>主控席位：无</translation>
    </message>
    <message>
        <source>Anchor</source>
        <translation>主播</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>场控</translation>
    </message>
    <message>
        <source>Moderator</source>
        <translation>房管</translation>
    </message>
    <message>
        <source>Viewer</source>
        <translation>观众</translation>
    </message>
</context>
<context>
    <name>CueDialog</name>
    <message>
        <source>Cue</source>
        <translation>动作</translation>
    </message>
    <message>
        <source>Edit cue</source>
        <translation>编辑动作</translation>
    </message>
    <message>
        <source>Put a product on stage (讲解)</source>
        <translation>讲解商品</translation>
    </message>
    <message>
        <source>Put a product on sale</source>
        <translation>商品上架开售</translation>
    </message>
    <message>
        <source>Take a product off sale</source>
        <translation>商品下架</translation>
    </message>
    <message>
        <source>Issue a coupon</source>
        <translation>发券</translation>
    </message>
    <message>
        <source>Start a flash sale</source>
        <translation>开始秒杀</translation>
    </message>
    <message>
        <source>Mute the whole room</source>
        <translation>全员禁言</translation>
    </message>
    <message>
        <source>Unmute the room</source>
        <translation>解除全员禁言</translation>
    </message>
    <message>
        <source>Message to the anchor</source>
        <translation>给主播的提醒</translation>
    </message>
    <message>
        <source>Start a lucky bag (福袋)</source>
        <translation>发福袋</translation>
    </message>
    <message>
        <source>Send a red packet (红包)</source>
        <translation>发红包</translation>
    </message>
    <message>
        <source>Slow mode</source>
        <translation>慢速模式</translation>
    </message>
    <message>
        <source>Followers-only chat</source>
        <translation>仅粉丝评论</translation>
    </message>
    <message>
        <source>Shield mode on</source>
        <translation>开启防护模式</translation>
    </message>
    <message>
        <source>Shield mode off</source>
        <translation>关闭防护模式</translation>
    </message>
    <message>
        <source>Announce to the room</source>
        <translation>向全场发公告</translation>
    </message>
    <message>
        <source>at the segment&apos;s start</source>
        <translation>环节开始时</translation>
    </message>
    <message>
        <source>after the start by</source>
        <translation>环节开始后</translation>
    </message>
    <message>
        <source>before the segment&apos;s end by</source>
        <translation>环节结束前</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Confirm: the assistant presses GO</source>
        <translation>确认：场控按“执行”后触发</translation>
    </message>
    <message>
        <source>Auto: fires by itself</source>
        <translation>自动：到点自动触发</translation>
    </message>
    <message>
        <source>Manual: listed, fired by hand</source>
        <translation>手动：列出，由人工触发</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关</translation>
    </message>
    <message>
        <source>{n} s</source>
        <translation>{n} 秒</translation>
    </message>
    <message>
        <source>any follower</source>
        <translation>任何粉丝</translation>
    </message>
    <message>
        <source>e.g. 今晚8点抽奖,关注主播不迷路</source>
        <translation>例如：今晚8点抽奖，关注主播不迷路</translation>
    </message>
    <message>
        <source>Wait between comments</source>
        <translation>评论间隔</translation>
    </message>
    <message>
        <source>Followed for at least</source>
        <translation>关注至少</translation>
    </message>
    <message>
        <source>Announcement</source>
        <translation>公告</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>颜色</translation>
    </message>
    <message>
        <source>Coupon</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Valid for</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Sale price</source>
        <translation>秒杀价</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Per buyer</source>
        <translation>每人限购</translation>
    </message>
    <message>
        <source>Countdown</source>
        <translation>倒计时</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>持续时间</translation>
    </message>
    <message>
        <source>No settings.</source>
        <translation>无需设置。</translation>
    </message>
    <message>
        <source>e.g. 现在讲满199减30,提醒大家领券</source>
        <translation>例如：现在讲满199减30，提醒大家领券</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>提醒内容</translation>
    </message>
    <message>
        <source>Note for the assistant (optional)</source>
        <translation>给场控的备注（可选）</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Mode</source>
        <translation>方式</translation>
    </message>
    <message>
        <source>stock</source>
        <translation>库存</translation>
    </message>
</context>
<context>
    <name>DataScreen</name>
    <message>
        <source>GMV</source>
        <translation>成交额</translation>
    </message>
    <message>
        <source>Online now</source>
        <translation>在线人数</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Buyers</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>Visitors</source>
        <translation>进房人次</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>GMV per 1,000 visitors</source>
        <translation>千次观看成交额</translation>
    </message>
    <message>
        <source>GMV ÷ entries into the room since the show started, × 1,000 (GPM).</source>
        <translation>开播以来的成交额 ÷ 进房人次 × 1,000（千次观看成交额）。</translation>
    </message>
    <message>
        <source>Coupons used ÷ claimed</source>
        <translation>用券 ÷ 领券</translation>
    </message>
    <message>
        <source>Orders paid with a coupon ÷ coupons claimed.</source>
        <translation>用券支付的订单 ÷ 已领取的优惠券。</translation>
    </message>
    <message>
        <source>{sign}{amount} in the last minute</source>
        <translation>近一分钟 {sign}{amount}</translation>
    </message>
    <message>
        <source>Data screen</source>
        <translation>数据大屏</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线人数</translation>
    </message>
    <message>
        <source>GMV (¥, since the show started)</source>
        <translation>成交额（元，开播以来）</translation>
    </message>
    <message>
        <source>ON STAGE</source>
        <translation>讲解中</translation>
    </message>
    <message>
        <source>TOP PRODUCTS</source>
        <translation>热销商品</translation>
    </message>
    <message>
        <source>No show is being recorded</source>
        <translation>未在记录直播</translation>
    </message>
    <message>
        <source>Start a show in the run of show: its figures appear here.</source>
        <translation>在“直播脚本”中开始脚本，数据就会显示在这里。</translation>
    </message>
    <message>
        <source>Live room, not recorded · charts since {time}</source>
        <translation>直播间实时数据，未录制 · 图表自 {time} 起</translation>
    </message>
    <message>
        <source>Start the run of show for its segments, cues and sales.</source>
        <translation>开始流程单后可看到环节、动作和销售情况。</translation>
    </message>
    <message>
        <source>GMV (¥, the room&apos;s total)</source>
        <translation>成交额（¥，直播间累计）</translation>
    </message>
    <message>
        <source>Nothing on stage</source>
        <translation>暂无讲解商品</translation>
    </message>
    <message>
        <source>REHEARSAL</source>
        <translation>彩排</translation>
    </message>
    <message>
        <source>Buyers ÷ audience</source>
        <translation>买家 ÷ 触达观众</translation>
    </message>
    <message>
        <source>Unique buyers ÷ the viewers the show reached: those online when it started plus every entry since (a viewer who came back counts again).</source>
        <translation>本场触达的观众中下单的独立买家：开播时在线的人数加上之后每一次进房（观众回来会再计一次）。</translation>
    </message>
    <message>
        <source>Orders per buyer</source>
        <translation>人均订单</translation>
    </message>
    <message>
        <source>Orders ÷ unique buyers: how often a buyer ordered.</source>
        <translation>订单 ÷ 独立买家：平均每位买家下单几次。</translation>
    </message>
    <message>
        <source>{orders} · {units} · {gmv} in {since}</source>
        <translation>{since} 内 {orders} · {units} · {gmv}</translation>
    </message>
    <message>
        <source>{n} piece</source>
        <translation>{n} 件</translation>
    </message>
    <message>
        <source>{n} pieces</source>
        <translation>{n} 件</translation>
    </message>
    <message>
        <source>{n} order</source>
        <translation>{n} 单</translation>
    </message>
    <message>
        <source>{n} orders</source>
        <translation>{n} 单</translation>
    </message>
    <message>
        <source>(no orders yet)</source>
        <translation>（暂无订单）</translation>
    </message>
</context>
<context>
    <name>EntryRule</name>
    <message>
        <source>comment the keyword</source>
        <translation>评论口令</translation>
    </message>
    <message>
        <source>follow the room</source>
        <translation>关注直播间</translation>
    </message>
    <message>
        <source>ordered during the show</source>
        <translation>本场下过单</translation>
    </message>
    <message>
        <source>fan-club member</source>
        <translation>粉丝团成员</translation>
    </message>
</context>
<context>
    <name>ExtraWordsDialog</name>
    <message>
        <source>My extra words to avoid</source>
        <translation>我的自定义禁用词</translation>
    </message>
    <message>
        <source>One word per line (lines starting with # are comments). They are checked together with the shipped advertising-law list.</source>
        <translation>每行一个词（以 # 开头的行是注释）。这些词会与内置的广告法禁用词一起检查。</translation>
    </message>
    <message>
        <source>The list is left as it is: fix or remove the file, then open this again.</source>
        <translation>列表保持原样：请修复或删除该文件，然后重新打开这里。</translation>
    </message>
    <message>
        <source>Could not save: {why}</source>
        <translation>无法保存：{why}</translation>
    </message>
</context>
<context>
    <name>FeedDelegate</name>
    <message>
        <source>Staff</source>
        <translation>员</translation>
    </message>
    <message>
        <source>Staff: written by the room&apos;s staff</source>
        <translation>员：直播间工作人员发的</translation>
    </message>
    <message>
        <source>Notice</source>
        <translation>告</translation>
    </message>
    <message>
        <source>Notice: the room&apos;s announcement</source>
        <translation>告：直播间公告</translation>
    </message>
    <message>
        <source>Held</source>
        <translation>审</translation>
    </message>
    <message>
        <source>Held: the viewers do not see it until a moderator lets it through</source>
        <translation>审：待审，房管放行前观众看不到</translation>
    </message>
    <message>
        <source>Pin</source>
        <translation>顶</translation>
    </message>
    <message>
        <source>Pin: pinned at the top of the chat</source>
        <translation>顶：已置顶在评论区</translation>
    </message>
    <message>
        <source>!</source>
        <translation>！</translation>
    </message>
    <message>
        <source>!: flagged by a moderation rule</source>
        <translation>！：被审核规则标记</translation>
    </message>
    <message>
        <source>Q</source>
        <translation>问</translation>
    </message>
    <message>
        <source>Q: a viewer&apos;s question</source>
        <translation>问：观众的提问</translation>
    </message>
    <message>
        <source>Buy</source>
        <translation>买</translation>
    </message>
    <message>
        <source>Buy: the viewer wants to buy</source>
        <translation>买：观众想购买</translation>
    </message>
</context>
<context>
    <name>FeedView</name>
    <message>
        <source>{n} new ↓</source>
        <translation>{n} 条新评论 ↓</translation>
    </message>
</context>
<context>
    <name>FileRow</name>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>Files</name>
    <message>
        <source>not in the form the console writes</source>
        <translation>不是中控台写入的格式</translation>
    </message>
    <message>
        <source>not valid JSON at line {line}, column {column}</source>
        <translation>第 {line} 行第 {column} 列不是有效的 JSON</translation>
    </message>
    <message>
        <source>not UTF-8 text</source>
        <translation>不是 UTF-8 文本</translation>
    </message>
    <message>
        <source>nested too deeply</source>
        <translation>嵌套层级过深</translation>
    </message>
    <message>
        <source>not valid JSON</source>
        <translation>不是有效的 JSON</translation>
    </message>
</context>
<context>
    <name>FlashSale</name>
    <message>
        <source>No flash sale is running.</source>
        <translation>当前没有进行中的秒杀。</translation>
    </message>
    <message>
        <source>The product is no longer on the shelf.</source>
        <translation>该商品已不在货架上。</translation>
    </message>
    <message>
        <source>That SKU does not belong to the product.</source>
        <translation>该规格不属于这个商品。</translation>
    </message>
    <message>
        <source>“{product}” is off sale.</source>
        <translation>“{product}”已下架。</translation>
    </message>
    <message>
        <source>The flash-sale price must be below the regular price ({price}).</source>
        <translation>秒杀价必须低于原价（{price}）。</translation>
    </message>
    <message>
        <source>{sku} is sold out.</source>
        <translation>{sku} 已售罄。</translation>
    </message>
    <message>
        <source>Only {left} left of {sku}; the sale needs {stock}.</source>
        <translation>{sku} 只剩 {left} 件，秒杀需要 {stock} 件。</translation>
    </message>
    <message>
        <source>A flash sale of this product is already running.</source>
        <translation>该商品已有秒杀在进行。</translation>
    </message>
    <message>
        <source>the sale price must be more than 0</source>
        <translation>秒杀价必须大于 0</translation>
    </message>
    <message>
        <source>the stock must be from 1 to {max}</source>
        <translation>库存须在 1 到 {max} 之间</translation>
    </message>
    <message>
        <source>the per-buyer limit must be from 1 to {max}</source>
        <translation>每人限购须在 1 到 {max} 之间</translation>
    </message>
    <message>
        <source>the countdown must be from 0 to {max} seconds</source>
        <translation>倒计时须在 0 到 {max} 秒之间</translation>
    </message>
    <message>
        <source>a sale lasts from {min} seconds to {hours} hours</source>
        <translation>秒杀时长须在 {min} 秒到 {hours} 小时之间</translation>
    </message>
</context>
<context>
    <name>FlashSaleModel</name>
    <message>
        <source>Flash sale</source>
        <translation>秒杀</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>starts in {t}</source>
        <translation>{t} 后开始</translation>
    </message>
    <message>
        <source>{t} left</source>
        <translation>剩余 {t}</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>已售罄</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已提前结束</translation>
    </message>
    <message>
        <source>Time up</source>
        <translation>时间到</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <source>Countdown</source>
        <translation>倒计时</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>抢购中</translation>
    </message>
</context>
<context>
    <name>Giveaway</name>
    <message>
        <source>no prize given</source>
        <translation>未填写奖品</translation>
    </message>
    <message>
        <source>the prize may have at most {max} characters</source>
        <translation>奖品名称最多 {max} 个字</translation>
    </message>
    <message>
        <source>the number of winners must be between 1 and {max}</source>
        <translation>中奖人数须在 1 到 {max} 之间</translation>
    </message>
    <message>
        <source>no keyword for viewers to comment</source>
        <translation>没有填写观众要评论的口令</translation>
    </message>
    <message>
        <source>the keyword may have at most {max} characters</source>
        <translation>口令最多 {max} 个字</translation>
    </message>
    <message>
        <source>the countdown must be between {min} seconds and {max}</source>
        <translation>倒计时须在 {min} 秒到 {max} 之间</translation>
    </message>
    <message>
        <source>the number of shares must be between 1 and {max}</source>
        <translation>红包份数须在 1 到 {max} 之间</translation>
    </message>
    <message>
        <source>the amount must be at least 1 分 per share</source>
        <translation>每份至少 1 分钱</translation>
    </message>
    <message>
        <source>the amount must be at most {max}</source>
        <translation>金额最多 {max}</translation>
    </message>
    <message>
        <source>the claim window must be between {min} seconds and {hours} hours</source>
        <translation>领取时限须在 {min} 秒到 {hours} 小时之间</translation>
    </message>
    <message>
        <source>the message may have at most {max} characters</source>
        <translation>祝福语最多 {max} 个字</translation>
    </message>
</context>
<context>
    <name>Giveaways</name>
    <message>
        <source>No platform of this room can run lucky bags.</source>
        <translation>本直播间的平台都不支持福袋。</translation>
    </message>
    <message>
        <source>Lucky bag “{prize}”: the winners the platform announced do not follow from the revealed seed and the entrant list. Check the draw before shipping any prize.</source>
        <translation>福袋“{prize}”：平台公布的中奖者与公开的种子和参与名单推算不符。发奖前请先核查这次开奖。</translation>
    </message>
    <message>
        <source>This lucky bag is drawn already, or no longer in this room.</source>
        <translation>这个福袋已开奖，或已不在这个直播间。</translation>
    </message>
    <message>
        <source>The crew&apos;s copy of this bag&apos;s seed does not match its commitment; it cannot be drawn from here.</source>
        <translation>团队保存的这个福袋的种子与其承诺值不符，无法在这里开奖。</translation>
    </message>
    <message>
        <source>This lucky bag has not been drawn yet.</source>
        <translation>这个福袋还没有开奖。</translation>
    </message>
    <message>
        <source>The revealed seed does not match the commitment published before the draw.</source>
        <translation>公开的种子与开奖前公布的承诺值不符。</translation>
    </message>
    <message>
        <source>The winners do not follow from the revealed seed and the entrant list.</source>
        <translation>中奖者与公开的种子和参与名单推算不符。</translation>
    </message>
    <message>
        <source>Verified: {winners} winner(s) among {entrants} entrants follow from the published seed.</source>
        <translation>已核验：{entrants} 名参与者中的 {winners} 名中奖者与公开的种子推算一致。</translation>
    </message>
    <message>
        <source>No platform of this room can send red packets.</source>
        <translation>本直播间的平台都不支持发红包。</translation>
    </message>
    <message>
        <source>The platform did not confirm the draw; it will be tried again.</source>
        <translation>平台未确认开奖，稍后会重试。</translation>
    </message>
    <message>
        <source>Only this computer can draw the lucky bags it starts: this platform has no crew channel to share their seeds with other seats.</source>
        <translation>只有这台电脑能为它发起的福袋开奖：这个平台没有团队通道，无法把种子分享给其他席位。</translation>
    </message>
    <message>
        <source>Its seed was not shared with the crew, so only the computer that started it can draw it.</source>
        <translation>它的种子没有分享给团队，因此只有发起它的电脑能开奖。</translation>
    </message>
    <message>
        <source>{name}&apos;s seat draws it when entry closes. If that seat goes away, you can draw it here.</source>
        <translation>参与截止后由{name}的席位开奖。如果那个席位离开，可以在这里开奖。</translation>
    </message>
    <message>
        <source>This seat has not joined the room&apos;s crew yet.</source>
        <translation>本席位还没有加入这个直播间的团队。</translation>
    </message>
    <message>
        <source>Its seed could not be shared with the other crew seats ({why}). Nothing was sent; press Start again.</source>
        <translation>它的种子无法分享给其他团队席位（{why}）。什么都没有发送；请再按一次“发起福袋”。</translation>
    </message>
</context>
<context>
    <name>GiveawaysPanel</name>
    <message>
        <source>Lucky bags (福袋)</source>
        <translation>福袋</translation>
    </message>
    <message>
        <source>Red packets (红包)</source>
        <translation>红包</translation>
    </message>
    <message>
        <source>New lucky bag</source>
        <translation>新福袋</translation>
    </message>
    <message>
        <source>Start lucky bag</source>
        <translation>发起福袋</translation>
    </message>
    <message>
        <source>This room&apos;s lucky bags</source>
        <translation>本直播间的福袋</translation>
    </message>
    <message>
        <source>Published before the draw, so the winners cannot be chosen afterwards.</source>
        <translation>开奖前公布，因此无法事后挑选中奖者。</translation>
    </message>
    <message>
        <source>The commitment is a fingerprint of the draw&apos;s secret seed, public before entry closes. At the draw the seed is revealed: anyone can check that it matches the commitment and that the winners follow from it.</source>
        <translation>承诺值是开奖密钥（种子）的指纹，在参与截止前公开。开奖时公布种子：任何人都可以核对它与承诺值一致，且中奖者由它算出。</translation>
    </message>
    <message>
        <source>Draw now</source>
        <translation>立即开奖</translation>
    </message>
    <message>
        <source>Close entry and draw the winners before the countdown ends</source>
        <translation>提前截止参与并开奖</translation>
    </message>
    <message>
        <source>Copy proof</source>
        <translation>复制凭证</translation>
    </message>
    <message>
        <source>Copy the commitment (and the seed, once revealed) to publish them</source>
        <translation>复制承诺值（开奖后连同种子）以便公布</translation>
    </message>
    <message>
        <source>Export winners…</source>
        <translation>导出中奖名单…</translation>
    </message>
    <message>
        <source>Re-check draw</source>
        <translation>复核开奖</translation>
    </message>
    <message>
        <source>Verify the draw again from what the platform published</source>
        <translation>根据平台公布的数据重新核验开奖</translation>
    </message>
    <message>
        <source>New red packet</source>
        <translation>新红包</translation>
    </message>
    <message>
        <source>Send red packet…</source>
        <translation>发红包…</translation>
    </message>
    <message>
        <source>This room&apos;s red packets</source>
        <translation>本直播间的红包</translation>
    </message>
    <message>
        <source>Commitment: {hash}…</source>
        <translation>承诺值：{hash}…</translation>
    </message>
    <message>
        <source>Seed: {hash}…</source>
        <translation>种子：{hash}…</translation>
    </message>
    <message>
        <source>Seed: revealed at the draw</source>
        <translation>种子：开奖时公布</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Winners ({n}): {names}</source>
        <translation>中奖者（{n} 人）：{names}</translation>
    </message>
    <message>
        <source>No winners: nobody entered.</source>
        <translation>没有中奖者：无人参与。</translation>
    </message>
    <message>
        <source>(announced in the room, pinned)</source>
        <translation>（已在直播间公布并置顶）</translation>
    </message>
    <message>
        <source>✓ Verified here: the winners follow from the revealed seed and the {n} entrant.</source>
        <translation>✓ 本机已核验：中奖者与公开的种子和 {n} 名参与者推算一致。</translation>
    </message>
    <message>
        <source>✓ Verified here: the winners follow from the revealed seed and the {n} entrants.</source>
        <translation>✓ 本机已核验：中奖者与公开的种子和 {n} 名参与者推算一致。</translation>
    </message>
    <message>
        <source>✗ Not verified: the winners do not follow from the revealed seed. Check before shipping any prize.</source>
        <translation>✗ 核验未通过：中奖者与公开的种子推算不符。发奖前请先核查。</translation>
    </message>
    <message>
        <source>Starting…</source>
        <translation>发起中…</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>发送中…</translation>
    </message>
    <message>
        <source>Draw here</source>
        <translation>在这里开奖</translation>
    </message>
    <message>
        <source>Draw this lucky bag from this seat: now if entry has closed, else when it closes</source>
        <translation>由本席位为这个福袋开奖：参与已截止则立即开奖，否则在截止时开奖</translation>
    </message>
    <message>
        <source>The room&apos;s red packets could not be read: {why}</source>
        <translation>无法读取本直播间的红包：{why}</translation>
    </message>
    <message>
        <source>The room&apos;s past lucky bags could not be read: {why}</source>
        <translation>无法读取本直播间以往的福袋：{why}</translation>
    </message>
    <message>
        <source>The lucky bag did not start: {why}</source>
        <translation>福袋未发起：{why}</translation>
    </message>
    <message>
        <source>Lucky bag “{prize}” started</source>
        <translation>福袋“{prize}”已发起</translation>
    </message>
    <message>
        <source>The lucky bag was not drawn here: {why}</source>
        <translation>福袋没有在这里开奖：{why}</translation>
    </message>
    <message>
        <source>Lucky bag “{prize}” taken over: drawn here when entry closes</source>
        <translation>已接管福袋“{prize}”：参与截止时在这里开奖</translation>
    </message>
    <message>
        <source>The draw did not go through; it will be tried again: {why}</source>
        <translation>开奖未成功，稍后会重试：{why}</translation>
    </message>
    <message>
        <source>Checking…</source>
        <translation>核验中…</translation>
    </message>
    <message>
        <source>✗ Could not re-check: {why}</source>
        <translation>✗ 无法复核：{why}</translation>
    </message>
    <message>
        <source>Commitment: {hash}</source>
        <translation>承诺值：{hash}</translation>
    </message>
    <message>
        <source>Seed: {hash}</source>
        <translation>种子：{hash}</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>已复制。</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>CSV files (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>Export winners</source>
        <translation>导出中奖名单</translation>
    </message>
    <message>
        <source>Exporting the winners…</source>
        <translation>正在导出中奖名单…</translation>
    </message>
    <message>
        <source>The winners could not be exported: {why}</source>
        <translation>无法导出中奖名单：{why}</translation>
    </message>
    <message>
        <source>Winners exported to {path}</source>
        <translation>中奖名单已导出到 {path}</translation>
    </message>
    <message>
        <source>The red packet was not sent: {why}</source>
        <translation>红包未发出：{why}</translation>
    </message>
    <message>
        <source>Started on {name}&apos;s seat, which is gone: you can draw it here.</source>
        <translation>由{name}的席位发起，该席位已离开：可以在这里开奖。</translation>
    </message>
    <message>
        <source>Started on {name}&apos;s seat.</source>
        <translation>由{name}的席位发起。</translation>
    </message>
    <message>
        <source>It has not been drawn since entry closed: you can draw it here.</source>
        <translation>参与截止后一直没有开奖：可以在这里开奖。</translation>
    </message>
    <message>
        <source>Taken over from {name}&apos;s seat.</source>
        <translation>接管自{name}的席位。</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Import a run-of-show spreadsheet</source>
        <translation>导入直播脚本表格</translation>
    </message>
    <message>
        <source>The sheet of the workbook to import</source>
        <translation>要导入的工作表</translation>
    </message>
    <message>
        <source>Header row </source>
        <translation>表头行 </translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>选择文件…</translation>
    </message>
    <message>
        <source>Column in the sheet</source>
        <translation>表格中的列</translation>
    </message>
    <message>
        <source>Means</source>
        <translation>含义</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>把握</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Cues</source>
        <translation>动作</translation>
    </message>
    <message>
        <source>Talking points</source>
        <translation>话术</translation>
    </message>
    <message>
        <source>These products&apos; IDs name other catalog products, so they were not linked. Choose for each:</source>
        <translation>这些商品的 ID 对应的是商品库中的其他商品，因此没有关联。请逐一选择：</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>行</translation>
    </message>
    <message>
        <source>In the sheet</source>
        <translation>表格中</translation>
    </message>
    <message>
        <source>The catalog&apos;s product</source>
        <translation>商品库中的商品</translation>
    </message>
    <message>
        <source>Link</source>
        <translation>关联方式</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <source>Columns (change what a column means if it was guessed wrong):</source>
        <translation>列（如果识别有误，请手动修改该列的含义）：</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>提醒</translation>
    </message>
    <message>
        <source>Import a spreadsheet</source>
        <translation>导入表格</translation>
    </message>
    <message>
        <source>Spreadsheets (*.xlsx *.csv)</source>
        <translation>表格 (*.xlsx *.csv)</translation>
    </message>
    <message>
        <source>Reading {file}…</source>
        <translation>正在读取 {file}…</translation>
    </message>
    <message>
        <source>{sheet} (hidden)</source>
        <translation>{sheet}（已隐藏）</translation>
    </message>
    <message>
        <source>{file} could not be read ({error}).</source>
        <translation>无法读取 {file}（{error}）。</translation>
    </message>
    <message>
        <source>(ignore)</source>
        <translation>（忽略）</translation>
    </message>
    <message>
        <source>{n} segments, {length} in total{title}</source>
        <translation>共 {n} 个环节，总时长 {length}{title}</translation>
    </message>
    <message>
        <source>row {row}</source>
        <translation>第 {row} 行</translation>
    </message>
    <message>
        <source>sheet</source>
        <translation>整表</translation>
    </message>
</context>
<context>
    <name>Journal</name>
    <message>
        <source>No answer came, and it is too old to send again safely (the platform may have forgotten its key and would apply it twice). Check on the platform whether it was applied.</source>
        <translation>一直没有回应，且时间太久，无法安全地再次发送（平台可能已忘记它的幂等键，会重复执行）。请到平台上核实是否已生效。</translation>
    </message>
    <message>
        <source>Not sent again: the same thing was set again since, and sending this older one would undo it.</source>
        <translation>未再次发送：之后已重新设置过同一项，再发送这条较早的操作会把它覆盖掉。</translation>
    </message>
    <message>
        <source>Sent again, but the platform could not take it now (out of reach, asking us to wait, or refusing before reading it). An earlier attempt may have been applied, so it stays unknown; sending it again is safe.</source>
        <translation>已再次发送，但平台暂时无法受理（无法连接、要求稍后再试，或未读取请求就拒绝了）。之前的尝试可能已经生效，因此仍为“结果未知”；再次发送是安全的。</translation>
    </message>
    <message>
        <source>This version of the console cannot resend this action.</source>
        <translation>此版本的中控台无法重发这个操作。</translation>
    </message>
    <message>
        <source>This connection is no longer part of the room; it cannot be retried from here.</source>
        <translation>此连接已不属于该直播间，无法在这里重试。</translation>
    </message>
    <message>
        <source>Interrupted before the platform answered; it may or may not have been applied.</source>
        <translation>在平台回应前被中断；操作可能已生效，也可能未生效。</translation>
    </message>
    <message>
        <source>Unexpected error ({error}); the action may or may not have been applied.</source>
        <translation>意外错误（{error}）；操作可能已生效，也可能未生效。</translation>
    </message>
    <message>
        <source>The console closed before the platform answered.</source>
        <translation>平台回应前中控台已关闭。</translation>
    </message>
    <message>
        <source>Product #{id} has no match on {platform}; nothing was sent there. Link it in Room → Products across platforms.</source>
        <translation>商品 #{id} 在 {platform} 上没有对应，未向那里发送。请在“直播间 → 跨平台商品对应”中关联。</translation>
    </message>
    <message>
        <source>SKU {id} has no match on {platform}; nothing was sent there. Link it in Room → Products across platforms.</source>
        <translation>SKU {id} 在 {platform} 上没有对应，未向那里发送。请在“直播间 → 跨平台商品对应”中关联。</translation>
    </message>
    <message>
        <source>Coupon #{id} has no match on {platform}; nothing was sent there. Link it in Room → Products across platforms.</source>
        <translation>优惠券 #{id} 在 {platform} 上没有对应，未向那里发送。请在“直播间 → 跨平台商品对应”中关联。</translation>
    </message>
    <message>
        <source>Not sent: the action journal cannot be written ({why}).</source>
        <translation>未发送：操作日志无法写入（{why}）。</translation>
    </message>
    <message>
        <source>What became of an action could not be written to the action journal ({why}); the console checks that action again at the next start.</source>
        <translation>一个操作的结果无法写入操作日志（{why}）；中控台会在下次启动时再次核对该操作。</translation>
    </message>
    <message>
        <source>disk full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <source>in use by another program</source>
        <translation>被其他程序占用</translation>
    </message>
    <message>
        <source>disk error</source>
        <translation>磁盘错误</translation>
    </message>
</context>
<context>
    <name>JournalModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>click</source>
        <translation>点击</translation>
    </message>
    <message>
        <source>key</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>cue</source>
        <translation>脚本动作</translation>
    </message>
    <message>
        <source>rule (automatic)</source>
        <translation>规则（自动）</translation>
    </message>
    <message>
        <source>moderation</source>
        <translation>评论管理</translation>
    </message>
    <message>
        <source>lucky bag</source>
        <translation>福袋</translation>
    </message>
    <message>
        <source>{origin} · {machine}</source>
        <translation>{origin} · {machine}</translation>
    </message>
    <message>
        <source>in flight on {name}&apos;s seat</source>
        <translation>正在{name}的席位上执行</translation>
    </message>
    <message>
        <source>{name}&apos;s seat on {machine}: {status}</source>
        <translation>{name}在 {machine} 上的席位：{status}</translation>
    </message>
</context>
<context>
    <name>JournalPanel</name>
    <message>
        <source>Money actions only</source>
        <translation>只看涉及资金的操作</translation>
    </message>
    <message>
        <source>Hide the rules&apos; actions</source>
        <translation>隐藏规则的自动操作</translation>
    </message>
    <message>
        <source>Leave out what the comment rules deleted, muted or banned by themselves; a person&apos;s moderation stays listed.</source>
        <translation>不列出评论规则自动删除、禁言或拉黑的操作；人工的管理操作照常列出。</translation>
    </message>
    <message>
        <source>Send again</source>
        <translation>重新发送</translation>
    </message>
    <message>
        <source>Send what failed or got no answer again: the platform applies it once, never twice.</source>
        <translation>重新发送失败或无回应的操作：平台只会执行一次，绝不会重复。</translation>
    </message>
    <message>
        <source>In flight on {name}&apos;s seat: {action}. Do not fire it again here.</source>
        <translation>正在{name}的席位上执行：{action}。请勿在本机重复操作。</translation>
    </message>
    <message>
        <source>{time} · {who} ({role}) · seat on {machine} · {origin}</source>
        <translation>{time} · {who}（{role}）· {machine} 上的席位 · {origin}</translation>
    </message>
    <message>
        <source>Another seat&apos;s action: it can only be sent again from that seat.</source>
        <translation>其他席位的操作：只能在那个席位上重新发送。</translation>
    </message>
    <message>
        <source>{time} · {who} · console {console} · {origin}</source>
        <translation>{time} · {who} · 中控台 {console} · {origin}</translation>
    </message>
    <message>
        <source>(key …{tail}, {n} attempt(s))</source>
        <translation>（键 …{tail}，尝试 {n} 次）</translation>
    </message>
    <message>
        <source>Still out: this console is waiting for the platform&apos;s answer to it.</source>
        <translation>仍在发送：本控制台正在等待平台对它的答复。</translation>
    </message>
</context>
<context>
    <name>KeyringRow</name>
    <message>
        <source>Saving the secrets in the system keyring…</source>
        <translation>正在把密钥保存到系统钥匙串…</translation>
    </message>
</context>
<context>
    <name>LinkTable</name>
    <message>
        <source>— no match —</source>
        <translation>— 无对应 —</translation>
    </message>
    <message>
        <source>changed, not saved</source>
        <translation>已更改，未保存</translation>
    </message>
    <message>
        <source>no match</source>
        <translation>无对应</translation>
    </message>
    <message>
        <source>merchant code</source>
        <translation>商家编码</translation>
    </message>
    <message>
        <source>linked by you</source>
        <translation>你手动关联</translation>
    </message>
    <message>
        <source>same id and name</source>
        <translation>相同 ID 和名称</translation>
    </message>
    <message>
        <source>same name</source>
        <translation>相同名称</translation>
    </message>
</context>
<context>
    <name>LivePlans</name>
    <message>
        <source>The title must be {low} to {high} characters.</source>
        <translation>标题须为 {low}–{high} 个字符。</translation>
    </message>
    <message>
        <source>The start must be in the future.</source>
        <translation>开始时间须晚于现在。</translation>
    </message>
    <message>
        <source>The start may be at most a year ahead.</source>
        <translation>开始时间最多只能在一年以后。</translation>
    </message>
    <message>
        <source>The end must be after the start.</source>
        <translation>结束时间须晚于开始时间。</translation>
    </message>
    <message>
        <source>A live may last at most 24 hours.</source>
        <translation>一场直播最长 24 小时。</translation>
    </message>
    <message>
        <source>The anchor&apos;s name may have at most {n} characters.</source>
        <translation>主播名称最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>The description may have at most {n} characters.</source>
        <translation>简介最多 {n} 个字符。</translation>
    </message>
    <message>
        <source>The cover image may be at most {mb} MB.</source>
        <translation>封面图片最大 {mb} MB。</translation>
    </message>
    <message>
        <source>WeChat: {rule}.</source>
        <translation>微信：{rule}。</translation>
    </message>
    <message>
        <source>WeChat: a cover image is required.</source>
        <translation>微信：必须有封面图。</translation>
    </message>
    <message>
        <source>WeChat: the anchor&apos;s WeChat ID is required (it must be real-name verified).</source>
        <translation>微信：必须填写主播微信号（须已实名认证）。</translation>
    </message>
    <message>
        <source>Product {id} is not in the catalog.</source>
        <translation>商品 {id} 不在商品库中。</translation>
    </message>
    <message>
        <source>The run-of-show file “{file}” cannot be used: {problem}</source>
        <translation>直播脚本文件“{file}”无法使用：{problem}</translation>
    </message>
    <message>
        <source>The connection this plan belongs to is not connected.</source>
        <translation>这个预告所属的平台连接未连上。</translation>
    </message>
    <message>
        <source>{platform} cannot plan lives from the console.</source>
        <translation>{platform} 不支持在中控台创建直播预告。</translation>
    </message>
    <message>
        <source>End the running show before going live from a plan.</source>
        <translation>请先结束正在进行的直播脚本，再从预告开播。</translation>
    </message>
    <message>
        <source>Leave the rehearsal room before going live from a plan.</source>
        <translation>请先离开彩排直播间，再从预告开播。</translation>
    </message>
    <message>
        <source>This plan has no room on the platform yet.</source>
        <translation>这个预告在平台上还没有直播间。</translation>
    </message>
    <message>
        <source>The platform did not confirm it; see the journal.</source>
        <translation>平台未确认，请查看操作日志。</translation>
    </message>
    <message>
        <source>The console follows the plan&apos;s room now, but the settings could not be saved ({why}): the next start may follow the room from before.</source>
        <translation>中控台现在跟随该预告的直播间，但设置无法保存（{why}）：下次启动时可能仍跟随之前的直播间。</translation>
    </message>
    <message>
        <source>The cover image cannot be read: {reason}</source>
        <translation>无法读取封面图：{reason}</translation>
    </message>
    <message>
        <source>This plan was changed on another console or on the platform since you opened it; open it again to see the change, then make yours.</source>
        <translation>打开此预告后，它已在另一台中控台或平台上被修改；请重新打开查看改动，再做您的修改。</translation>
    </message>
    <message>
        <source>Listed {n} product(s); {skipped} already on the shelf.</source>
        <translation>已上架 {n} 个商品；{skipped} 个已在货架上。</translation>
    </message>
    <message>
        <source>Product {id} was not listed: {why}</source>
        <translation>商品 {id} 未上架：{why}</translation>
    </message>
    <message>
        <source>Loaded the show “{title}”.</source>
        <translation>已载入直播脚本“{title}”。</translation>
    </message>
    <message>
        <source>The room is live.</source>
        <translation>直播间已开播。</translation>
    </message>
    <message>
        <source>The room was not started.</source>
        <translation>直播间未开播。</translation>
    </message>
    <message>
        <source>{n} subscriber(s) were reminded.</source>
        <translation>已提醒 {n} 位预约观众。</translation>
    </message>
    <message>
        <source>The live is planned, but its products and show file could not be written to {file} ({why}); they are kept until the console closes and written with the next change.</source>
        <translation>直播已预告，但其商品和脚本文件无法写入 {file}（{why}）；在中控台关闭前会保留，并在下次修改时写入。</translation>
    </message>
    <message>
        <source>The live plans file could not be read; it was kept as {path} and the products and show files of plans start empty.</source>
        <translation>无法读取直播预告文件，已另存为 {path}；各预告的商品和直播脚本从空白开始。</translation>
    </message>
</context>
<context>
    <name>LivePlansWindow</name>
    <message>
        <source>Go live</source>
        <translation>开播</translation>
    </message>
</context>
<context>
    <name>LuckyBagForm</name>
    <message>
        <source>a product, or any prize</source>
        <translation>选择商品，或填写任意奖品</translation>
    </message>
    <message>
        <source>e.g. 666 or 福袋来了</source>
        <translation>例如：666 或 福袋来了</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>{n}′</source>
        <translation>{n}′</translation>
    </message>
    <message>
        <source>Countdown: {n} min</source>
        <translation>倒计时：{n} 分钟</translation>
    </message>
    <message>
        <source>staff</source>
        <translation>工作人员</translation>
    </message>
    <message>
        <source>banned</source>
        <translation>已拉黑</translation>
    </message>
    <message>
        <source>muted</source>
        <translation>已禁言</translation>
    </message>
    <message>
        <source>won today</source>
        <translation>今日已中奖</translation>
    </message>
    <message>
        <source>Viewers who already won a lucky bag today</source>
        <translation>今天已经中过福袋的观众</translation>
    </message>
    <message>
        <source>Prize</source>
        <translation>奖品</translation>
    </message>
    <message>
        <source>Winners</source>
        <translation>中奖人数</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>参与方式</translation>
    </message>
    <message>
        <source>Keyword</source>
        <translation>口令</translation>
    </message>
    <message>
        <source>Countdown</source>
        <translation>倒计时</translation>
    </message>
    <message>
        <source>Cannot win</source>
        <translation>不可中奖</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Promotions</source>
        <translation>营销</translation>
    </message>
    <message>
        <source>Journal</source>
        <translation>操作日志</translation>
    </message>
    <message>
        <source>Anchor Console</source>
        <translation>中控台 · Anchor Console</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Connections…</source>
        <translation>连接(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>设置(&amp;S)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Room</source>
        <translation>直播间(&amp;R)</translation>
    </message>
    <message>
        <source>Start the live room</source>
        <translation>开播</translation>
    </message>
    <message>
        <source>End the live room</source>
        <translation>结束直播</translation>
    </message>
    <message>
        <source>Room-wide mute</source>
        <translation>全员禁言</translation>
    </message>
    <message>
        <source>Push URL for OBS…</source>
        <translation>OBS 推流地址…</translation>
    </message>
    <message>
        <source>Connection status…</source>
        <translation>连接状态…</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Reset layout</source>
        <translation>重置布局</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>About Anchor Console</source>
        <translation>关于中控台</translation>
    </message>
    <message>
        <source>End the live broadcast now? Viewers can no longer buy, and this cannot be undone.</source>
        <translation>现在结束直播？观众将无法再购买，且无法撤销。</translation>
    </message>
    <message>
        <source>Mute the whole room? No viewer can comment until you turn it off again.</source>
        <translation>开启全员禁言？关闭之前所有观众都无法评论。</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>The room is live. Quit the console anyway? The broadcast goes on without it.</source>
        <translation>直播正在进行。仍要退出中控台吗？直播会继续，但没有中控台操作。</translation>
    </message>
    <message>
        <source>{name} ({role})</source>
        <translation>{name}（{role}）</translation>
    </message>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{seat} is connected to this computer&apos;s Studio and will lose it.</source>
        <translation>{seat} 连着本机的 Studio，将会断开。</translation>
    </message>
    <message>
        <source>{seats} are connected to this computer&apos;s Studio and will lose it.</source>
        <translation>{seats} 连着本机的 Studio，将会断开。</translation>
    </message>
    <message>
        <source>The room is live on the bundled Studio, which stops when the console quits: its audience and countdowns stop too. {seats} Quit anyway?</source>
        <translation>直播间正在内置 Studio 上直播，中控台退出时它会停止：观众和倒计时也会停止。{seats} 仍要退出吗？</translation>
    </message>
    <message>
        <source>The room is live on the bundled Studio, which stops when the console quits: its audience and countdowns stop too. Quit anyway?</source>
        <translation>直播间正在内置 Studio 上直播，内置 Studio 会随中控台一起退出：观众和倒计时也会一起停止。仍要退出吗？</translation>
    </message>
    <message>
        <source>This computer&apos;s Studio stops when the console quits. {seats} Quit anyway?</source>
        <translation>中控台退出时本机的 Studio 会停止。{seats} 仍要退出吗？</translation>
    </message>
    <message>
        <source>The show editor has changes that are not saved, and no recovery copy of them could be written ({why}). Quit anyway and lose them? Cancel, then save the show.</source>
        <translation>脚本编辑器中有未保存的修改，且无法写入恢复副本（{why}）。仍要退出并丢失这些修改吗？选择“取消”，然后保存脚本。</translation>
    </message>
    <message>
        <source>End show</source>
        <translation>结束脚本</translation>
    </message>
    <message>
        <source>End the running show now? Cues still to come will not fire.</source>
        <translation>现在结束正在运行的脚本？尚未执行的动作将不会执行。</translation>
    </message>
    <message>
        <source>Anchor Console {version}</source>
        <translation>中控台 Anchor Console {version}</translation>
    </message>
    <message>
        <source>A console for live-commerce broadcasts: shelf and 讲解, coupons and flash sales, run of show, comment moderation.</source>
        <translation>直播带货中控台：商品上架与讲解、优惠券与秒杀、直播脚本、评论管理。</translation>
    </message>
    <message>
        <source>Run of show</source>
        <translation>直播脚本</translation>
    </message>
    <message>
        <source>Show &amp;editor…</source>
        <translation>脚本编辑器(&amp;E)…</translation>
    </message>
    <message>
        <source>&amp;Presenter view</source>
        <translation>主播提词屏(&amp;P)</translation>
    </message>
    <message>
        <source>Quitting once the show is saved…</source>
        <translation>流程单保存完后退出…</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>Review and mod log</source>
        <translation>审核与处理记录</translation>
    </message>
    <message>
        <source>Buyer questions</source>
        <translation>买家提问</translation>
    </message>
    <message>
        <source>&amp;Data screen</source>
        <translation>数据大屏(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Past shows…</source>
        <translation>往期直播(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Live plans…</source>
        <translation>直播预告(&amp;L)…</translation>
    </message>
    <message>
        <source>Plan lives ahead (直播预告): subscribers, share poster, go live in one step</source>
        <translation>提前创建直播预告：预约人数、分享海报、一步开播</translation>
    </message>
    <message>
        <source>Giveaways</source>
        <translation>福袋与红包</translation>
    </message>
    <message>
        <source>Crew</source>
        <translation>团队席位</translation>
    </message>
</context>
<context>
    <name>Moderation</name>
    <message>
        <source>phone number (引流)</source>
        <translation>手机号（引流）</translation>
    </message>
    <message>
        <source>QQ number (引流)</source>
        <translation>QQ号（引流）</translation>
    </message>
    <message>
        <source>WeChat id (引流)</source>
        <translation>微信号（引流）</translation>
    </message>
    <message>
        <source>link (引流)</source>
        <translation>链接（引流）</translation>
    </message>
    <message>
        <source>flooding (too many messages)</source>
        <translation>刷屏（发言过多）</translation>
    </message>
    <message>
        <source>the same message again and again</source>
        <translation>重复发送同一内容</translation>
    </message>
    <message>
        <source>spam wave (same message from many users)</source>
        <translation>水军（多人发送相同内容）</translation>
    </message>
    <message>
        <source>very long message</source>
        <translation>超长消息</translation>
    </message>
    <message>
        <source>mostly emoji</source>
        <translation>表情过多</translation>
    </message>
    <message>
        <source>shouting in capitals</source>
        <translation>大写字母过多</translation>
    </message>
    <message>
        <source>zalgo text</source>
        <translation>乱码叠加字符</translation>
    </message>
    <message>
        <source>hidden direction characters</source>
        <translation>隐藏的方向控制字符</translation>
    </message>
    <message>
        <source>rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>test mode: nothing was done</source>
        <translation>测试模式：未执行</translation>
    </message>
    <message>
        <source>{reason} (offence {n})</source>
        <translation>{reason}（第 {n} 次违规）</translation>
    </message>
    <message>
        <source>{reason} (has ordered in this room: deleted, not muted or banned)</source>
        <translation>{reason}（已在本直播间下单：只删除，不禁言、不拉黑）</translation>
    </message>
    <message>
        <source>muted for {n} min</source>
        <translation>禁言 {n} 分钟</translation>
    </message>
    <message>
        <source>the platform had already removed it</source>
        <translation>平台上已被删除</translation>
    </message>
    <message>
        <source>unbanned by {actor}</source>
        <translation>由 {actor} 解除封禁</translation>
    </message>
    <message>
        <source>the viewer was unmuted or unbanned meanwhile; deleted only</source>
        <translation>该观众在此期间已被解除禁言或拉黑：只删除评论</translation>
    </message>
    <message>
        <source>the viewer is already muted for longer or banned; deleted only</source>
        <translation>该观众已有更长的禁言或已被拉黑：只删除评论</translation>
    </message>
    <message>
        <source>failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <source>the crew&apos;s server could not be asked whether another seat acts; hidden here only</source>
        <translation>无法向团队服务器确认是否由其他席位处理；仅在本机隐藏</translation>
    </message>
    <message>
        <source>{platform} cannot delete comments; hidden on the platform instead</source>
        <translation>{platform} 不能删除评论；已改为在平台上隐藏</translation>
    </message>
    <message>
        <source>offence {n}: {action}</source>
        <translation>第 {n} 次{action}</translation>
    </message>
    <message>
        <source>mute for {minutes} min</source>
        <translation>禁言 {minutes} 分钟</translation>
    </message>
    <message>
        <source>{platform} cannot do {capability}; hidden locally instead</source>
        <translation>{platform} 不支持{capability}；已改为仅在本机隐藏</translation>
    </message>
    <message>
        <source>unmuted by {actor}</source>
        <translation>由 {actor} 解除禁言</translation>
    </message>
    <message>
        <source>{reason} (already being muted or banned: deleted only)</source>
        <translation>{reason}（该观众的禁言或拉黑已在进行：只删除评论）</translation>
    </message>
    <message>
        <source>too many actions at once; hidden here only</source>
        <translation>同时要处理的太多；仅在本机隐藏</translation>
    </message>
    <message>
        <source>{rule}: {count} messages in a short time</source>
        <translation>{rule}：短时间内发了 {count} 条</translation>
    </message>
    <message>
        <source>{rule}: sent {count} times</source>
        <translation>{rule}：发了 {count} 次</translation>
    </message>
    <message>
        <source>{rule}: from {count} viewers</source>
        <translation>{rule}：来自 {count} 位观众</translation>
    </message>
    <message>
        <source>{rule}: {count} characters</source>
        <translation>{rule}：{count} 个字</translation>
    </message>
    <message>
        <source>{rule}: “{detail}”</source>
        <translation>{rule}:“{detail}”</translation>
    </message>
    <message>
        <source>show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>highlight</source>
        <translation>高亮</translation>
    </message>
    <message>
        <source>hide here</source>
        <translation>本机隐藏</translation>
    </message>
    <message>
        <source>hold for review</source>
        <translation>拦截待审</translation>
    </message>
    <message>
        <source>delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>mute</source>
        <translation>禁言</translation>
    </message>
    <message>
        <source>ban</source>
        <translation>拉黑</translation>
    </message>
    <message>
        <source>{file}, line {line}: {why}</source>
        <translation>{file} 第 {line} 行：{why}</translation>
    </message>
    <message>
        <source>Your word lists could not be read ({error}); they were kept as {backup} and the shipped lists are in use.</source>
        <translation>你的词库无法读取（{error}）；已另存为 {backup}，现使用内置词库。</translation>
    </message>
    <message>
        <source>Parts of your word lists could not be read ({problems}); everything else is in use. Your file was kept as {backup}.</source>
        <translation>你的词库有部分内容无法读取（{problems}）；其余内容照常使用。原文件已另存为 {backup}。</translation>
    </message>
    <message>
        <source>no group of words in it could be read</source>
        <translation>其中没有可读取的词组</translation>
    </message>
    <message>
        <source>word list “{group}”</source>
        <translation>词库“{group}”</translation>
    </message>
    <message>
        <source>not connected to a room</source>
        <translation>未连接直播间</translation>
    </message>
    <message>
        <source>the console follows another room now</source>
        <translation>控制台已切换到另一个直播间</translation>
    </message>
    <message>
        <source>the platform refused</source>
        <translation>平台拒绝</translation>
    </message>
    <message>
        <source>too many held at once; hidden here only</source>
        <translation>同时待审过多；仅在本机隐藏</translation>
    </message>
    <message>
        <source>by {actor}</source>
        <translation>由 {actor} 操作</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>已通过</translation>
    </message>
    <message>
        <source>rejected in review</source>
        <translation>审核未通过</translation>
    </message>
    <message>
        <source>the pattern “{pattern}” is not a valid regular expression ({why})</source>
        <translation>“{pattern}”不是有效的正则表达式（{why}）</translation>
    </message>
    <message>
        <source>the pattern “{pattern}” uses a look-around, a back-reference or another construct that can make matching slow, which word lists do not support ({why})</source>
        <translation>“{pattern}”用了环视、反向引用或其他会让匹配变慢的写法，词表不支持（{why}）</translation>
    </message>
    <message>
        <source>the entry is {n} characters long; entries are at most {max}</source>
        <translation>该词条有 {n} 个字符；词条最多 {max} 个字符</translation>
    </message>
    <message>
        <source>…and {n} more entries like these</source>
        <translation>……还有 {n} 个类似词条</translation>
    </message>
    <message>
        <source>“{entry}” matches even an empty comment: it acts on every comment</source>
        <translation>“{entry}”连空评论都能匹配：会处理每一条评论</translation>
    </message>
    <message>
        <source>“{entry}” has no letters or digits, so it never matches</source>
        <translation>“{entry}”没有文字或数字，永远不会匹配</translation>
    </message>
    <message>
        <source>“{entry}” is a single character: it matches every comment that contains it</source>
        <translation>“{entry}”只有一个字：含这个字的评论都会被匹配</translation>
    </message>
    <message>
        <source>“{entry}” matches {pct}% of ordinary comments (such as “{example}”): it would act on much of the room</source>
        <translation>“{entry}”会匹配 {pct}% 的普通评论（例如“{example}”）：会误伤大量观众</translation>
    </message>
    <message>
        <source>The lists are in use but could not be saved ({why}); they are saved with your next change.</source>
        <translation>词库已生效，但未能保存（{why}）；下次修改时会再次保存。</translation>
    </message>
    <message>
        <source>The lists could not be applied ({why}); your entries are kept here.</source>
        <translation>词库未能生效（{why}）；你的词条仍保留在这里。</translation>
    </message>
    <message>
        <source>The lists could not be exported to {file} ({why}).</source>
        <translation>词库未能导出到 {file}（{why}）。</translation>
    </message>
    <message>
        <source>The lists in force changed while your entries were being checked (the crew&apos;s lists came in, or left); your entries were not applied and are kept here.</source>
        <translation>检查你的词条时，生效的词库变了（团队词库已载入或已撤下）；你的词条没有生效，仍保留在这里。</translation>
    </message>
    <message>
        <source>held before the console last closed or left this room</source>
        <translation>在中控台上次关闭或离开此直播间前被暂扣</translation>
    </message>
    <message>
        <source>The trusted viewers could not be saved ({error}); they hold until the console closes.</source>
        <translation>信任的观众无法保存（{error}）；在中控台关闭前仍然有效。</translation>
    </message>
    <message>
        <source>The trusted viewers could not be read ({error}); the rules act on everyone until you trust them again. The file was kept as {backup}.</source>
        <translation>无法读取信任的观众（{error}）；在你重新设置信任之前，规则对所有人生效。原文件已保存为 {backup}。</translation>
    </message>
</context>
<context>
    <name>NotificationBar</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Show fewer ▴</source>
        <translation>收起 ▴</translation>
    </message>
    <message>
        <source>{n} more ▾</source>
        <translation>另有 {n} 条 ▾</translation>
    </message>
</context>
<context>
    <name>PastShowsDialog</name>
    <message>
        <source>Past shows</source>
        <translation>往期直播</translation>
    </message>
    <message>
        <source>Reading the records…</source>
        <translation>正在读取记录…</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开播时间</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>直播</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>GMV</source>
        <translation>成交额</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Open review</source>
        <translation>打开复盘</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The records cannot be listed: {why}</source>
        <translation>无法列出记录：{why}</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>rehearsal</source>
        <translation>彩排</translation>
    </message>
    <message>
        <source>live</source>
        <translation>直播</translation>
    </message>
    <message>
        <source> (interrupted)</source>
        <translation>（中断）</translation>
    </message>
    <message>
        <source> (on now)</source>
        <translation>（进行中）</translation>
    </message>
    <message>
        <source>{n} shows recorded</source>
        <translation>共记录 {n} 场</translation>
    </message>
    <message>
        <source>{n} show recorded</source>
        <translation>共记录 {n} 场</translation>
    </message>
    <message>
        <source>No show has been recorded yet.</source>
        <translation>还没有记录过直播。</translation>
    </message>
</context>
<context>
    <name>PlanEditor</name>
    <message>
        <source>New live plan</source>
        <translation>新建直播预告</translation>
    </message>
    <message>
        <source>Edit live plan</source>
        <translation>修改直播预告</translation>
    </message>
    <message>
        <source>What the show is, e.g. 春季上新专场</source>
        <translation>这场直播的主题，例如：春季上新专场</translation>
    </message>
    <message>
        <source>Choose a cover image</source>
        <translation>选择封面图</translation>
    </message>
    <message>
        <source>Images (*.png *.jpg *.jpeg)</source>
        <translation>图片 (*.png *.jpg *.jpeg)</translation>
    </message>
    <message>
        <source>real-name verified WeChat ID</source>
        <translation>已实名认证的微信号</translation>
    </message>
    <message>
        <source>What viewers get, for the share page</source>
        <translation>观众能得到什么，显示在分享页上</translation>
    </message>
    <message>
        <source>Choose a run-of-show file</source>
        <translation>选择直播脚本文件</translation>
    </message>
    <message>
        <source>Shows (*.show.toml *.toml)</source>
        <translation>直播脚本 (*.show.toml *.toml)</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>平台连接</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Cover</source>
        <translation>封面</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Ends</source>
        <translation>结束</translation>
    </message>
    <message>
        <source>Anchor</source>
        <translation>主播</translation>
    </message>
    <message>
        <source>Anchor&apos;s WeChat ID</source>
        <translation>主播微信号</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>简介</translation>
    </message>
    <message>
        <source>Run of show</source>
        <translation>直播脚本</translation>
    </message>
    <message>
        <source>Filter products</source>
        <translation>筛选商品</translation>
    </message>
    <message>
        <source>Create plan</source>
        <translation>创建预告</translation>
    </message>
    <message>
        <source>the current cover</source>
        <translation>当前封面</translation>
    </message>
    <message>
        <source>Products to list before going live: the catalog has not loaded (yet).</source>
        <translation>开播前要上架的商品：商品库尚未载入。</translation>
    </message>
    <message>
        <source>Products to list before going live ({n} chosen)</source>
        <translation>开播前要上架的商品（已选 {n} 个）</translation>
    </message>
    <message>
        <source>reading…</source>
        <translation>读取中…</translation>
    </message>
    <message>
        <source>unreadable</source>
        <translation>无法读取</translation>
    </message>
    <message>
        <source>no cover</source>
        <translation>无封面</translation>
    </message>
    <message>
        <source>The current cover is kept unless you choose another.</source>
        <translation>不另选封面则保留当前封面。</translation>
    </message>
    <message>
        <source>Required on WeChat (also when a plan is changed): PNG or JPEG, at most {n} MB.</source>
        <translation>微信必填（修改预告时也需要）：PNG 或 JPEG，最大 {n} MB。</translation>
    </message>
    <message>
        <source>Shown on the share page and the poster (optional).</source>
        <translation>显示在分享页和海报上（可选）。</translation>
    </message>
    <message>
        <source>{file} (reading…)</source>
        <translation>{file}（读取中…）</translation>
    </message>
    <message>
        <source>The cover image cannot be read.</source>
        <translation>无法读取封面图。</translation>
    </message>
    <message>
        <source>WeChat takes a cover of at most {limit} MB; this one has {size:.1f} MB.</source>
        <translation>微信封面最大 {limit} MB，这张有 {size:.1f} MB。</translation>
    </message>
    <message>
        <source>No connection of this room can plan lives.</source>
        <translation>本直播间没有能创建直播预告的平台连接。</translation>
    </message>
    <message>
        <source>Uploading the cover and saving the plan…</source>
        <translation>正在上传封面并保存预告…</translation>
    </message>
    <message>
        <source>Saving the plan…</source>
        <translation>正在保存预告…</translation>
    </message>
    <message>
        <source>Something went wrong ({error}); the live may have been planned: check the list before saving again.</source>
        <translation>出现问题（{error}）；直播可能已预告成功：请先查看列表再保存。</translation>
    </message>
    <message>
        <source>The plan was not saved:</source>
        <translation>预告未保存：</translation>
    </message>
</context>
<context>
    <name>PlanPoster</name>
    <message>
        <source>LIVE</source>
        <translation>直播</translation>
    </message>
    <message>
        <source>Anchor: {anchor}</source>
        <translation>主播：{anchor}</translation>
    </message>
    <message>
        <source>Scan to watch and get a reminder</source>
        <translation>扫码观看，预约开播提醒</translation>
    </message>
    <message>
        <source>it could not be written to {file}</source>
        <translation>无法写入 {file}</translation>
    </message>
</context>
<context>
    <name>PlanSegmentsModel</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Cues</source>
        <translation>动作</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Fixed start: {gap} gap before it</source>
        <translation>定时开始：之前空档 {gap}</translation>
    </message>
    <message>
        <source>Fixed start: the previous segments run {late} into it</source>
        <translation>定时开始：前面的环节会占用 {late}</translation>
    </message>
</context>
<context>
    <name>PlansWindow</name>
    <message>
        <source>Live plans</source>
        <translation>直播预告</translation>
    </message>
    <message>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Subscribers</source>
        <translation>预约人数</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Run of show</source>
        <translation>直播脚本</translation>
    </message>
    <message>
        <source>Viewers who asked to be reminded (预约)</source>
        <translation>预约开播提醒的观众</translation>
    </message>
    <message>
        <source>No live is planned yet.</source>
        <translation>还没有直播预告。</translation>
    </message>
    <message>
        <source>A live plan (直播预告) announces a show ahead: its title, cover and time appear on the platform, viewers subscribe to be reminded when it starts, and you can share a poster with a QR code to the room. The console keeps the products to list and the run of show with the plan, so Go live lists them, loads the show and starts the room in one step.</source>
        <translation>直播预告提前公布一场直播：标题、封面和时间会显示在平台上，观众可以预约开播提醒，你也可以分享带直播间二维码的海报。中控台会随预告保存要上架的商品和直播脚本，点“开播…”即可一步完成上架商品、载入脚本和开播。</translation>
    </message>
    <message>
        <source>Reading the plans…</source>
        <translation>正在读取预告…</translation>
    </message>
    <message>
        <source>New plan…</source>
        <translation>新建预告…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Poster…</source>
        <translation>海报…</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>复制链接</translation>
    </message>
    <message>
        <source>Go live…</source>
        <translation>开播…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>The plans could not be read from {platform}: {why}</source>
        <translation>无法从 {platform} 读取预告：{why}</translation>
    </message>
    <message>
        <source>a platform</source>
        <translation>某个平台</translation>
    </message>
    <message>
        <source>No connection of this room can plan lives.</source>
        <translation>本直播间没有能创建直播预告的平台连接。</translation>
    </message>
    <message>
        <source>{n} plan(s); subscriber counts are read every 30 s while this window is open.</source>
        <translation>共 {n} 个预告；窗口打开期间每 30 秒刷新一次预约人数。</translation>
    </message>
    <message>
        <source>planned</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>live</source>
        <translation>直播中</translation>
    </message>
    <message>
        <source>ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>Saved the plan “{title}”.</source>
        <translation>已保存预告“{title}”。</translation>
    </message>
    <message>
        <source>The link could not be had: {why}</source>
        <translation>无法获取链接：{why}</translation>
    </message>
    <message>
        <source>{platform} has no link to this room.</source>
        <translation>{platform} 没有这个直播间的链接。</translation>
    </message>
    <message>
        <source>Copied: {link}</source>
        <translation>已复制：{link}</translation>
    </message>
    <message>
        <source>Go live from “{title}” now? In one step the console will:</source>
        <translation>现在从“{title}”开播吗？中控台将一步完成：</translation>
    </message>
    <message>
        <source> and {n} more</source>
        <translation> 等另外 {n} 个</translation>
    </message>
    <message>
        <source>• list {n} product(s) on the shelf (those already there are skipped): {names}{more}</source>
        <translation>• 上架 {n} 个商品（已在货架上的跳过）：{names}{more}</translation>
    </message>
    <message>
        <source>• list no products (the plan has none)</source>
        <translation>• 不上架商品（预告里没有商品）</translation>
    </message>
    <message>
        <source>• load the run of show “{file}”</source>
        <translation>• 载入直播脚本“{file}”</translation>
    </message>
    <message>
        <source>• WeChat rooms are started from the phone or OBS: the console cannot start it (the summary will say so)</source>
        <translation>• 微信直播间要在手机或 OBS 上开播，中控台无法代为开播（结果中会说明）</translation>
    </message>
    <message>
        <source>• start the room on {platform}: viewers can watch and buy, and subscribers are reminded</source>
        <translation>• 在 {platform} 开播：观众可以观看和购买，并提醒预约的观众</translation>
    </message>
    <message>
        <source>The console follows this room from then on.</source>
        <translation>之后中控台将跟随这个直播间。</translation>
    </message>
    <message>
        <source>Going live from “{title}”…</source>
        <translation>正在从“{title}”开播…</translation>
    </message>
    <message>
        <source>Going live from “{title}” did not finish ({error}); the journal shows what was done.</source>
        <translation>从“{title}”开播没有完成（{error}）；已完成的部分见操作日志。</translation>
    </message>
    <message>
        <source>Live from the plan “{title}”.</source>
        <translation>已从预告“{title}”开播。</translation>
    </message>
</context>
<context>
    <name>Platform</name>
    <message>
        <source>Studio</source>
        <translation>Studio</translation>
    </message>
    <message>
        <source>WeChat mini-program live</source>
        <translation>微信小程序直播</translation>
    </message>
    <message>
        <source>WeChat Channels</source>
        <translation>微信视频号</translation>
    </message>
    <message>
        <source>YouTube Live</source>
        <translation>YouTube 直播</translation>
    </message>
    <message>
        <source>Twitch</source>
        <translation>Twitch</translation>
    </message>
    <message>
        <source>WeChat Channels / 微信小店</source>
        <translation>微信视频号 / 微信小店</translation>
    </message>
    <message>
        <source>TikTok Shop</source>
        <translation>TikTok Shop</translation>
    </message>
</context>
<context>
    <name>PlatformError</name>
    <message>
        <source>The platform&apos;s answer could not be read (a Wi-Fi login page or a proxy may be in the way). Check the internet connection and try again.</source>
        <translation>无法读取平台的答复（可能被 Wi-Fi 登录页或代理拦截）。请检查网络连接后重试。</translation>
    </message>
    <message>
        <source>The platform answered the sign-in without an access token. Open Connections and sign in again.</source>
        <translation>平台的登录答复中没有访问令牌。请打开“连接”重新登录。</translation>
    </message>
    <message>
        <source>Sign-in failed: the access token was refused. Open Connections and enter a new token.</source>
        <translation>登录失败：访问令牌被拒绝。请打开“连接”填写新的令牌。</translation>
    </message>
    <message>
        <source>Your account is not allowed to do this. Ask the anchor for a role that can.</source>
        <translation>你的账号无权执行此操作。请让主播为你分配有权限的角色。</translation>
    </message>
    <message>
        <source>{platform} does not support {capability}.</source>
        <translation>{platform}不支持{capability}。</translation>
    </message>
    <message>
        <source>The platform asked us to slow down; try again in {seconds} s.</source>
        <translation>平台要求降低频率，请 {seconds} 秒后再试。</translation>
    </message>
    <message>
        <source>Today&apos;s allowance for this action on the platform is used up ({api}); it resets at midnight, Beijing time. Nothing was sent.</source>
        <translation>平台今天对这项操作的调用次数已用完（{api}），北京时间零点重置。没有发送任何请求。</translation>
    </message>
    <message>
        <source>The platform cannot be reached right now; the action was not applied.</source>
        <translation>暂时无法连接平台，操作未生效。</translation>
    </message>
    <message>
        <source>No answer from the platform: the action may or may not have been applied. Retrying is safe.</source>
        <translation>平台没有回应：操作可能已生效，也可能未生效。重试是安全的。</translation>
    </message>
    <message>
        <source>Another product is already on stage.</source>
        <translation>已有其他商品在讲解中。</translation>
    </message>
    <message>
        <source>This product is off sale; put it on sale first.</source>
        <translation>该商品已下架，请先上架。</translation>
    </message>
    <message>
        <source>The room is not live yet.</source>
        <translation>直播间尚未开播。</translation>
    </message>
    <message>
        <source>The room has ended.</source>
        <translation>直播已结束。</translation>
    </message>
    <message>
        <source>Sold out.</source>
        <translation>已售罄。</translation>
    </message>
    <message>
        <source>This product is already on the shelf.</source>
        <translation>该商品已在货架上。</translation>
    </message>
    <message>
        <source>This coupon batch is no longer active.</source>
        <translation>这批优惠券已失效。</translation>
    </message>
    <message>
        <source>All coupons of this batch have been claimed.</source>
        <translation>这批优惠券已被领完。</translation>
    </message>
    <message>
        <source>A flash sale of this product is already running.</source>
        <translation>该商品已有秒杀在进行。</translation>
    </message>
    <message>
        <source>This flash sale has ended.</source>
        <translation>该秒杀已结束。</translation>
    </message>
    <message>
        <source>This flash sale has not started yet.</source>
        <translation>该秒杀尚未开始。</translation>
    </message>
    <message>
        <source>The buyer has reached the per-buyer limit.</source>
        <translation>该买家已达限购数量。</translation>
    </message>
    <message>
        <source>The comment has been deleted.</source>
        <translation>该评论已被删除。</translation>
    </message>
    <message>
        <source>You cannot remove your own account.</source>
        <translation>不能移除自己的账号。</translation>
    </message>
    <message>
        <source>This live has started or ended; its plan can no longer change.</source>
        <translation>这场直播已开始或已结束，预告不能再修改。</translation>
    </message>
    <message>
        <source>Only a planned live that has not started can be reserved.</source>
        <translation>只有尚未开始的预告直播才能预约。</translation>
    </message>
    <message>
        <source>The revealed seed does not match the lucky bag&apos;s published commitment.</source>
        <translation>公开的种子与福袋事先公布的承诺值不符。</translation>
    </message>
    <message>
        <source>Entry to this lucky bag is still open.</source>
        <translation>这个福袋仍在参与中。</translation>
    </message>
    <message>
        <source>Entry to this lucky bag has closed.</source>
        <translation>这个福袋已截止参与。</translation>
    </message>
    <message>
        <source>All of this red packet has been claimed.</source>
        <translation>这个红包已被领完。</translation>
    </message>
    <message>
        <source>This red packet has expired.</source>
        <translation>这个红包已过期。</translation>
    </message>
    <message>
        <source>Another seat of the crew did this same money action a moment ago, so it was not done again. To do it once more, press again in a moment.</source>
        <translation>团队中的另一个席位刚刚做了同样的资金操作，因此没有再执行一次。如需再做一次，请稍后再按。</translation>
    </message>
    <message>
        <source>The show caller presses GO themselves; ask them.</source>
        <translation>主控席位自己按 GO，不接受跟随席位的请求；请告诉主控。</translation>
    </message>
    <message>
        <source>No seat is calling the show on this room.</source>
        <translation>这个直播间目前没有主控席位在运行脚本。</translation>
    </message>
    <message>
        <source>Another seat on this room is running the show: this console&apos;s run was stopped so no cue fires twice, and it follows that seat&apos;s show.</source>
        <translation>此直播间的另一个席位正在运行直播脚本：本中控台的运行已停止，以免动作重复执行，并改为跟随该席位的脚本。</translation>
    </message>
    <message>
        <source>Another staff member&apos;s console holds this seat on the room. Each computer needs a seat of its own (a copied settings folder copies the seat too).</source>
        <translation>另一位员工的中控台正占用此直播间的这个席位。每台电脑需要自己的席位（复制设置文件夹也会复制席位）。</translation>
    </message>
    <message>
        <source>This product is not on the room&apos;s shelf (any more).</source>
        <translation>该商品已不在直播间货架上。</translation>
    </message>
    <message>
        <source>The catalog has no such product.</source>
        <translation>商品库中没有这个商品。</translation>
    </message>
    <message>
        <source>The catalog has no such SKU.</source>
        <translation>商品库中没有这个规格。</translation>
    </message>
    <message>
        <source>There is no such coupon template (any more).</source>
        <translation>没有这个优惠券模板（可能已被删除）。</translation>
    </message>
    <message>
        <source>There is no such viewer.</source>
        <translation>没有这位观众。</translation>
    </message>
    <message>
        <source>The flash-sale price must be below the regular price.</source>
        <translation>秒杀价必须低于原价。</translation>
    </message>
    <message>
        <source>There is not enough stock for this flash sale.</source>
        <translation>库存不足，无法设置该秒杀。</translation>
    </message>
    <message>
        <source>That SKU does not belong to this product.</source>
        <translation>该规格不属于此商品。</translation>
    </message>
    <message>
        <source>The shelf changed meanwhile; reload and sort again.</source>
        <translation>货架已被改动，请刷新后重新排序。</translation>
    </message>
    <message>
        <source>The platform does not know this cover image; choose it again.</source>
        <translation>平台找不到这张封面图，请重新选择。</translation>
    </message>
    <message>
        <source>The cover must be a PNG or JPEG image.</source>
        <translation>封面须为 PNG 或 JPEG 图片。</translation>
    </message>
    <message>
        <source>The cover image file is empty.</source>
        <translation>封面图文件是空的。</translation>
    </message>
    <message>
        <source>A red packet needs at least 1 分 per share.</source>
        <translation>红包每份至少 1 分钱。</translation>
    </message>
    <message>
        <source>This is more than Studio accepts in one request.</source>
        <translation>超出了 Studio 单次请求可接受的大小。</translation>
    </message>
    <message>
        <source>Studio did not receive the whole request in time; nothing was applied. Try again.</source>
        <translation>Studio 未能及时收到完整请求；未执行任何操作。请重试。</translation>
    </message>
    <message>
        <source>Studio refused a request sent again with other terms under the first one&apos;s key; nothing more was applied.</source>
        <translation>Studio 拒绝了以首次请求的幂等键重发但内容不同的请求；未再执行任何操作。</translation>
    </message>
    <message>
        <source>That seat belongs to another staff member; act from your own seat.</source>
        <translation>该席位属于另一位员工；请从您自己的席位操作。</translation>
    </message>
    <message>
        <source>Sign-in failed: the access token has expired. Ask the anchor for a new one and enter it in Connections.</source>
        <translation>登录失败：访问令牌已过期。请向主播要一个新的令牌，然后在“连接”中填写。</translation>
    </message>
    <message>
        <source>Studio refused this: {reason}</source>
        <translation>Studio 拒绝了此操作：{reason}</translation>
    </message>
    <message>
        <source>This access token is limited to certain rooms: it cannot act on this room or change what all rooms share (catalog, coupon templates, staff). Ask the anchor for a token that can.</source>
        <translation>此访问令牌仅限部分直播间使用：不能操作本直播间，也不能修改所有直播间共用的内容（商品库、优惠券模板、人员）。请向主播索取有权限的令牌。</translation>
    </message>
    <message>
        <source>Studio does not have this (any more): another seat removed it, Studio was reset, or this Studio is older than the console.</source>
        <translation>Studio 中没有此项（或已不存在）：可能被其他席位删除、Studio 已重置，或此 Studio 版本比中控台旧。</translation>
    </message>
    <message>
        <source>The comment log holds no comments.</source>
        <translation>评论记录里没有评论。</translation>
    </message>
    <message>
        <source>The comment log was not replayed: {count} line(s) are not comment records (one JSON object a line, with t, nickname and text); the first is line {line}.</source>
        <translation>评论记录未回放：有 {count} 行不是评论记录（每行一个 JSON 对象，含 t、nickname 和 text）；第一处在第 {line} 行。</translation>
    </message>
    <message>
        <source>WeChat Channels cannot do this from the console: a live starts and ends in the 视频号 app or 直播伴侣.</source>
        <translation>微信视频号无法从中控台做这件事：直播在视频号 App 或直播伴侣里开始和结束。</translation>
    </message>
    <message>
        <source>WeChat Channels has no API for the live room&apos;s product list or 讲解; use the 视频号 live console (直播中控台).</source>
        <translation>微信视频号没有直播间商品列表或讲解的接口；请在视频号直播中控台操作。</translation>
    </message>
    <message>
        <source>WeChat Channels has no API to read or moderate live comments.</source>
        <translation>微信视频号没有读取或管理直播评论的接口。</translation>
    </message>
    <message>
        <source>WeChat Channels has no API to create or edit a live notice (直播预告); make it in 视频号助手.</source>
        <translation>视频号没有创建或修改直播预告的接口，请在视频号助手中操作。</translation>
    </message>
    <message>
        <source>WeChat Channels has no API for lucky bags (福袋) or draws; start them in the 视频号 live console (直播中控台).</source>
        <translation>视频号没有福袋或抽奖接口，请在视频号直播中控台发起。</translation>
    </message>
    <message>
        <source>WeChat Channels has no API for red packets (红包); send them in the 视频号 app.</source>
        <translation>视频号没有红包接口，请在视频号 App 中发放。</translation>
    </message>
    <message>
        <source>WeChat refused the AppID or AppSecret. Open Connections and check both (the AppSecret is in the WeChat admin console under 开发管理 → 开发设置).</source>
        <translation>微信拒绝了 AppID 或 AppSecret。请打开“连接”检查这两项（AppSecret 在微信后台的“开发管理 → 开发设置”里）。</translation>
    </message>
    <message>
        <source>WeChat refuses requests from this computer&apos;s IP address. Add it to the IP whitelist in the WeChat admin console (开发管理 → 开发设置 → IP白名单), then connect again.</source>
        <translation>微信拒绝来自本机 IP 地址的请求。请在微信后台（开发管理 → 开发设置 → IP白名单）加入该地址，然后重新连接。</translation>
    </message>
    <message>
        <source>WeChat refused the access token again right after a fresh one was fetched. Another system may be force-refreshing this AppID&apos;s token; check Connections.</source>
        <translation>刚取得新的 access token，微信又拒绝了它。可能有其他系统在强制刷新这个 AppID 的 token；请检查“连接”。</translation>
    </message>
    <message>
        <source>WeChat has not granted this account the API for this action (error {code}). The account&apos;s administrator must switch it on (WeChat Channels: 视频号助手 → 开放能力 → 开放场景; a service provider needs the matching permission set).</source>
        <translation>微信没有给这个账号开通此操作的接口（错误 {code}）。需要账号管理员开通（微信视频号：视频号助手 → 开放能力 → 开放场景；服务商需要对应的权限集）。</translation>
    </message>
    <message>
        <source>WeChat refused the request (error {code}): {reason}</source>
        <translation>微信拒绝了请求（错误 {code}）：{reason}</translation>
    </message>
    <message>
        <source>The live room&apos;s current state does not allow this (it may have ended or not started yet).</source>
        <translation>直播间当前的状态不允许这样做（可能已结束或尚未开始）。</translation>
    </message>
    <message>
        <source>This product has not passed WeChat&apos;s review; only approved products can be listed.</source>
        <translation>该商品尚未通过微信审核；只有审核通过的商品才能上架。</translation>
    </message>
    <message>
        <source>WeChat could not import the product into the room.</source>
        <translation>微信无法把该商品导入直播间。</translation>
    </message>
    <message>
        <source>The room already has as many products as WeChat allows.</source>
        <translation>直播间的商品数已达微信允许的上限。</translation>
    </message>
    <message>
        <source>The anchor&apos;s WeChat account is not real-name verified for mini-program live; verify it in the 小程序直播 mini-program first.</source>
        <translation>主播的微信号尚未为小程序直播完成实名认证；请先在“小程序直播”小程序中认证。</translation>
    </message>
    <message>
        <source>WeChat is still pushing another product; try again in a moment.</source>
        <translation>微信仍在推送另一个商品，请稍后再试。</translation>
    </message>
    <message>
        <source>A product is being pushed (讲解); on/off sale can change once the push ends.</source>
        <translation>有商品正在讲解；讲解结束后才能上下架。</translation>
    </message>
    <message>
        <source>This product is not listed in the room.</source>
        <translation>该商品不在直播间里。</translation>
    </message>
    <message>
        <source>The flash sale is not in a state that allows this.</source>
        <translation>该秒杀当前的状态不允许这样做。</translation>
    </message>
    <message>
        <source>The coupon is not in a state that allows this.</source>
        <translation>该优惠券当前的状态不允许这样做。</translation>
    </message>
    <message>
        <source>This live room does not exist on WeChat (any more).</source>
        <translation>微信上没有（或已不再有）这个直播间。</translation>
    </message>
    <message>
        <source>This product is not in the WeChat goods library.</source>
        <translation>该商品不在微信商品库里。</translation>
    </message>
    <message>
        <source>WeChat Channels has no such product.</source>
        <translation>微信视频号没有这个商品。</translation>
    </message>
    <message>
        <source>WeChat Channels has no such flash sale.</source>
        <translation>微信视频号没有这个秒杀。</translation>
    </message>
    <message>
        <source>WeChat Channels has no such coupon.</source>
        <translation>微信视频号没有这张优惠券。</translation>
    </message>
    <message>
        <source>WeChat mini-program live cannot do this from the console: a live starts and ends when the anchor starts and stops streaming, and a 讲解 card stays until another product is pushed.</source>
        <translation>小程序直播无法从中控台做这件事：主播开始或停止推流时直播随之开始或结束，讲解卡片会一直保留到推送下一个商品。</translation>
    </message>
    <message>
        <source>The live plan breaks a WeChat rule: {rule}</source>
        <translation>直播计划不符合微信的规则：{rule}</translation>
    </message>
    <message>
        <source>The product breaks a WeChat goods-library rule: {rule}</source>
        <translation>该商品不符合微信商品库的规则：{rule}</translation>
    </message>
    <message>
        <source>the price must be above zero, and a range or discount needs a second price</source>
        <translation>价格须大于零；价格区间或折扣价需要填写第二个价格</translation>
    </message>
    <message>
        <source>the cover or share image is not a valid WeChat media id: upload it again (an uploaded image is valid for 3 days)</source>
        <translation>封面图或分享图不是有效的微信素材 ID，请重新上传（上传的图片 3 天内有效）</translation>
    </message>
    <message>
        <source>the feeds image (购物直播频道封面) is not valid</source>
        <translation>购物直播频道封面无效</translation>
    </message>
    <message>
        <source>an image must be a PNG or JPEG file of at most 2 MB</source>
        <translation>图片须为不超过 2 MB 的 PNG 或 JPEG 文件</translation>
    </message>
    <message>
        <source>WeChat mini-program live has no API to read comments; watch them in the 小程序直播 app.</source>
        <translation>小程序直播没有读取评论的接口；请在“小程序直播”里查看评论。</translation>
    </message>
    <message>
        <source>WeChat mini-program live has no API for coupons or flash sales; run them from the mini-program&apos;s own backend.</source>
        <translation>小程序直播没有优惠券或秒杀的接口；请在小程序自己的后台操作。</translation>
    </message>
    <message>
        <source>WeChat mini-program live reports no viewer, like or sales figures through its API.</source>
        <translation>小程序直播的接口不提供观看、点赞或销售数据。</translation>
    </message>
    <message>
        <source>WeChat mini-program live can only mute the whole room; single viewers are handled in the 小程序直播 app by the room&apos;s assistants.</source>
        <translation>小程序直播只能全员禁言；单个观众由直播间助手在“小程序直播”里处理。</translation>
    </message>
    <message>
        <source>the start must be at least {minutes} minutes from now and within {months} months</source>
        <translation>开始时间须在 {minutes} 分钟之后、{months} 个月之内</translation>
    </message>
    <message>
        <source>a live must last from {minutes} minutes to {hours} hours</source>
        <translation>一场直播须持续 {minutes} 分钟至 {hours} 小时</translation>
    </message>
    <message>
        <source>the room name must be {low} to {high} Chinese characters (a Latin letter counts half)</source>
        <translation>直播间名称须为 {low} 至 {high} 个汉字（一个拉丁字母算半个）</translation>
    </message>
    <message>
        <source>the anchor&apos;s name must be {low} to {high} Chinese characters (a Latin letter counts half)</source>
        <translation>主播昵称须为 {low} 至 {high} 个汉字（一个拉丁字母算半个）</translation>
    </message>
    <message>
        <source>a product name may have at most {high} Chinese characters (a Latin letter counts half)</source>
        <translation>商品名称最多 {high} 个汉字（一个拉丁字母算半个）</translation>
    </message>
    <message>
        <source>{start}, and {length}</source>
        <translation>{start}，且{length}</translation>
    </message>
    <message>
        <source>WeChat mini-program live has no API for lucky bags (福袋) or draws; run them from the 小程序直播 app.</source>
        <translation>小程序直播没有福袋或抽奖接口，请在小程序直播 App 中进行。</translation>
    </message>
    <message>
        <source>WeChat mini-program live has no API for red packets (红包).</source>
        <translation>小程序直播没有红包接口。</translation>
    </message>
    <message>
        <source>WeChat mini-program live can only mute the whole room; it has no slow, followers-only or shield mode.</source>
        <translation>微信小程序直播只能全员禁言，没有慢速、仅粉丝或防护模式。</translation>
    </message>
    <message>
        <source>This flash sale breaks a WeChat Channels rule: {rule}</source>
        <translation>该秒杀不符合微信视频号的规则：{rule}</translation>
    </message>
    <message>
        <source>a flash sale lasts from one second to 24 hours and starts within a year</source>
        <translation>秒杀时长须为 1 秒至 24 小时，且在一年内开始</translation>
    </message>
    <message>
        <source>the SKU&apos;s regular price ({price}) must be above ¥10.00</source>
        <translation>该 SKU 的原价（{price}）须高于 ¥10.00</translation>
    </message>
    <message>
        <source>the sale price must be between 10% and 85% of the regular price ({low} to {high})</source>
        <translation>秒杀价须为原价的 10% 至 85%（{low} 至 {high}）</translation>
    </message>
    <message>
        <source>the sale price must be at least ¥10.00 below the regular price (at most {high})</source>
        <translation>秒杀价须比原价至少低 ¥10.00（最高 {high}）</translation>
    </message>
    <message>
        <source>the sale stock must be from 1 to the SKU&apos;s current stock ({stock})</source>
        <translation>秒杀库存须为 1 至该 SKU 当前库存（{stock}）</translation>
    </message>
    <message>
        <source>This product already has a flash sale waiting or running on WeChat Channels (#{task}); only one per product is allowed. Stop it first.</source>
        <translation>该商品在微信视频号上已有一个待开始或进行中的秒杀（#{task}）；每个商品只能有一个。请先停止它。</translation>
    </message>
    <message>
        <source>Coupon #{coupon} is not a template: templates are coupons saved but not yet issued (未生效) in the 微信小店 backend.</source>
        <translation>优惠券 #{coupon} 不是模板：模板是在微信小店后台已保存但尚未生效（未生效）的优惠券。</translation>
    </message>
    <message>
        <source>Issue at least one coupon, claimable for at least one minute.</source>
        <translation>至少发放一张优惠券，可领取时间至少一分钟。</translation>
    </message>
    <message>
        <source>Could not check whether this coupon batch was already created (too many recent coupons to look through); nothing was sent. Check the 微信小店 backend, then retry.</source>
        <translation>无法确认这批优惠券是否已创建（近期优惠券太多，无法逐一核对）；没有发送任何请求。请检查微信小店后台后再重试。</translation>
    </message>
    <message>
        <source>Enter the app secret (Partner Center → App → App secret) first, then press Sign in.</source>
        <translation>请先填写 App secret（Partner Center → 应用 → App secret），再点“登录”。</translation>
    </message>
    <message>
        <source>The TikTok Shop authorization was cancelled or refused ({reason}).</source>
        <translation>TikTok Shop 授权被取消或拒绝（{reason}）。</translation>
    </message>
    <message>
        <source>No answer from the TikTok Shop authorization page within five minutes. Press Sign in to try again.</source>
        <translation>TikTok Shop 授权页面五分钟内没有回应。请点“登录”重试。</translation>
    </message>
    <message>
        <source>Cannot wait for TikTok Shop&apos;s answer: port {port} on this computer is in use by another program.</source>
        <translation>无法等待 TikTok Shop 的回应：本机端口 {port} 已被其他程序占用。</translation>
    </message>
    <message>
        <source>This TikTok Shop connection is not signed in yet: open Connections and press Sign in.</source>
        <translation>此 TikTok Shop 连接尚未登录：请打开“连接”并点“登录”。</translation>
    </message>
    <message>
        <source>TikTok Shop refused the request&apos;s signature: the app secret is wrong. Open Connections and enter the app secret from Partner Center again.</source>
        <translation>TikTok Shop 拒绝了请求签名：App secret 不正确。请打开“连接”，从 Partner Center 重新填写 App secret。</translation>
    </message>
    <message>
        <source>TikTok Shop refused the request because this computer&apos;s clock is wrong. Set the date and time automatically (from the internet) and try again.</source>
        <translation>本机时钟不准，TikTok Shop 拒绝了请求。请将日期和时间设为自动（从网络获取）后重试。</translation>
    </message>
    <message>
        <source>TikTok Shop does not know this app key and app secret. Open Connections and copy both from Partner Center again.</source>
        <translation>TikTok Shop 不认识此 App key 和 App secret。请打开“连接”，从 Partner Center 重新复制这两项。</translation>
    </message>
    <message>
        <source>TikTok Shop no longer accepts this sign-in (the seller&apos;s authorization expired or was revoked). Open Connections and press Sign in again.</source>
        <translation>TikTok Shop 不再接受此登录（商家授权已过期或被撤销）。请打开“连接”并重新点“登录”。</translation>
    </message>
    <message>
        <source>The TikTok Shop app is not allowed to do this: add the missing scope ({api}) to the app in Partner Center, then sign in again.</source>
        <translation>TikTok Shop 应用无权执行此操作：请在 Partner Center 为应用添加缺少的权限范围（{api}），然后重新登录。</translation>
    </message>
    <message>
        <source>This TikTok Shop is not (or no longer) authorized for the app. Sign in again with the seller account of the shop.</source>
        <translation>此 TikTok Shop 店铺未授权（或已不再授权）给该应用。请用该店铺的商家账号重新登录。</translation>
    </message>
    <message>
        <source>TikTok Shop refused the request (code {code}: {reason}).</source>
        <translation>TikTok Shop 拒绝了请求（代码 {code}：{reason}）。</translation>
    </message>
    <message>
        <source>TikTok Shop refused the flash deal&apos;s times: it must start now or later and last from one second to three days.</source>
        <translation>TikTok Shop 拒绝了秒杀的时间：开始时间不能早于现在，时长为一秒到三天。</translation>
    </message>
    <message>
        <source>TikTok Shop does not let a running flash deal&apos;s products be changed; stop it and start a new one.</source>
        <translation>TikTok Shop 不允许修改进行中的秒杀商品；请先结束它，再新建一场。</translation>
    </message>
    <message>
        <source>TikTok Shop has no such promotion.</source>
        <translation>TikTok Shop 没有这个促销活动。</translation>
    </message>
    <message>
        <source>The TikTok Shop promotion is not in a state that allows this (it ended or was deactivated).</source>
        <translation>TikTok Shop 促销活动当前状态不允许此操作（已结束或已停用）。</translation>
    </message>
    <message>
        <source>A TikTok Shop promotion with this title exists already.</source>
        <translation>已有同名的 TikTok Shop 促销活动。</translation>
    </message>
    <message>
        <source>This flash deal breaks a TikTok Shop rule: times, price below the regular price, stock and per-buyer limit.</source>
        <translation>此限时秒杀违反了 TikTok Shop 的规则：时间、低于原价的价格、库存和每人限购。</translation>
    </message>
    <message>
        <source>This TikTok Shop promotion belongs to another shop.</source>
        <translation>这个 TikTok Shop 促销活动属于另一家店铺。</translation>
    </message>
    <message>
        <source>TikTok Shop has no such product or SKU in this shop.</source>
        <translation>此店铺在 TikTok Shop 中没有这个商品或 SKU。</translation>
    </message>
    <message>
        <source>This flash deal breaks a TikTok Shop rule: {rule}</source>
        <translation>此限时秒杀违反了 TikTok Shop 的规则：{rule}</translation>
    </message>
    <message>
        <source>a flash deal lasts from one second to three days</source>
        <translation>限时秒杀时长为一秒到三天</translation>
    </message>
    <message>
        <source>the deal price must be above zero and below the SKU&apos;s regular price ({price})</source>
        <translation>秒杀价必须大于零且低于该 SKU 的原价（{price}）</translation>
    </message>
    <message>
        <source>This TikTok Shop promotion is not a flash deal, so the console does not stop it: manage it in Seller Center.</source>
        <translation>这个 TikTok Shop 促销不是限时秒杀，中控台不会停止它：请在 Seller Center 中管理。</translation>
    </message>
    <message>
        <source>the deal stock must be from 1 to the SKU&apos;s stock ({stock}), and each buyer may buy at least one</source>
        <translation>秒杀库存须在 1 到该 SKU 库存（{stock}）之间，且每位买家至少可买一件</translation>
    </message>
    <message>
        <source>No TikTok Shop has authorized this app (or not the one chosen). Sign in with the seller account of the shop.</source>
        <translation>没有 TikTok Shop 店铺授权此应用（或不是所选店铺）。请用该店铺的商家账号登录。</translation>
    </message>
    <message>
        <source>That SKU does not belong to this TikTok Shop product.</source>
        <translation>该 SKU 不属于这个 TikTok Shop 商品。</translation>
    </message>
    <message>
        <source>TikTok Shop&apos;s API has nothing for a LIVE room: comments, moderation, the showcase and live figures are in TikTok LIVE Studio or the TikTok app.</source>
        <translation>TikTok Shop 的 API 不涉及直播间：评论、管理、橱窗和直播数据在 TikTok LIVE Studio 或 TikTok 应用中。</translation>
    </message>
    <message>
        <source>TikTok Shop&apos;s API cannot create or issue coupons: make them in Seller Center. The console shows the shop&apos;s coupons read only.</source>
        <translation>TikTok Shop 的 API 无法创建或发放优惠券：请在卖家中心创建。中控台只读显示店铺的优惠券。</translation>
    </message>
    <message>
        <source>Twitch timeouts last from 1 second to 2 weeks (1,209,600 seconds).</source>
        <translation>Twitch 禁言时长为 1 秒到 2 周（1,209,600 秒）。</translation>
    </message>
    <message>
        <source>Twitch&apos;s slow mode waits 3 to 120 seconds between messages.</source>
        <translation>Twitch 的慢速模式间隔为 3 到 120 秒。</translation>
    </message>
    <message>
        <source>Twitch&apos;s followers-only chat asks for 0 minutes to 90 days (129,600 minutes) of following.</source>
        <translation>Twitch 的仅粉丝评论要求关注 0 分钟到 90 天（129,600 分钟）。</translation>
    </message>
    <message>
        <source>A Twitch announcement has 1 to 500 characters and one of the colours primary, blue, green, orange or purple.</source>
        <translation>Twitch 公告为 1 到 500 个字符，颜色须为 primary、blue、green、orange 或 purple 之一。</translation>
    </message>
    <message>
        <source>Twitch did not post the message: {reason}</source>
        <translation>Twitch 没有发出这条消息：{reason}</translation>
    </message>
    <message>
        <source>Twitch has no channel with this id.</source>
        <translation>Twitch 上没有这个 ID 的频道。</translation>
    </message>
    <message>
        <source>Twitch stopped sending this channel&apos;s chat: the account&apos;s permission for the console was revoked. Sign in to Twitch again.</source>
        <translation>Twitch 停止推送此频道的聊天：该账号对中控台的授权已被撤销。请重新登录 Twitch。</translation>
    </message>
    <message>
        <source>Twitch stopped sending this channel&apos;s chat: the signed-in account is no longer a moderator there.</source>
        <translation>Twitch 停止推送此频道的聊天：登录的账号已不再是该频道的管理员。</translation>
    </message>
    <message>
        <source>Twitch stopped sending this channel&apos;s chat: the channel&apos;s account was closed or suspended.</source>
        <translation>Twitch 停止推送此频道的聊天：该频道的账号已关闭或被封禁。</translation>
    </message>
    <message>
        <source>Twitch stopped sending this channel&apos;s chat: the subscription type is no longer supported. Update the console.</source>
        <translation>Twitch 停止推送此频道的聊天：该订阅类型已不再支持。请更新中控台。</translation>
    </message>
    <message>
        <source>Twitch has no shop: products, coupons and flash sales stay on the room&apos;s other connections.</source>
        <translation>Twitch 没有商城：商品、优惠券和秒杀仍在直播间的其他连接上。</translation>
    </message>
    <message>
        <source>Twitch cannot hide a message from viewers only; delete it instead.</source>
        <translation>Twitch 无法只对观众隐藏消息；请改为删除。</translation>
    </message>
    <message>
        <source>The console does not pin Twitch messages yet.</source>
        <translation>中控台暂不支持置顶 Twitch 消息。</translation>
    </message>
    <message>
        <source>Twitch reports no sales figures; only the viewer count, which the console does not read yet.</source>
        <translation>Twitch 不提供销售数据；只有观看人数，中控台暂未读取。</translation>
    </message>
    <message>
        <source>Twitch has no API for giveaways.</source>
        <translation>Twitch 没有抽奖的 API。</translation>
    </message>
    <message>
        <source>Twitch stopped sending this channel&apos;s chat ({reason}).</source>
        <translation>Twitch 停止推送此频道的聊天（{reason}）。</translation>
    </message>
    <message>
        <source>Twitch sign-in was refused in the browser. Sign in again and press Authorize.</source>
        <translation>Twitch 登录在浏览器中被拒绝。请重新登录并点 Authorize（授权）。</translation>
    </message>
    <message>
        <source>The Twitch sign-in code expired before it was entered. Sign in again and type the new code.</source>
        <translation>Twitch 登录代码在输入前已过期。请重新登录并输入新代码。</translation>
    </message>
    <message>
        <source>Twitch no longer accepts this connection&apos;s sign-in (the refresh token was refused). Open Connections and sign in to Twitch again.</source>
        <translation>Twitch 不再接受此连接的登录（刷新令牌被拒绝）。请打开“连接”重新登录 Twitch。</translation>
    </message>
    <message>
        <source>Twitch does not know this Client ID, or the application is not a public client. Check the Client ID in Connections (dev.twitch.tv → Your Console → Applications).</source>
        <translation>Twitch 不认识此 Client ID，或该应用不是公共客户端。请在“连接”中检查 Client ID（dev.twitch.tv → Your Console → Applications）。</translation>
    </message>
    <message>
        <source>The Twitch sign-in of this connection lacks the permission “{scope}”. Open Connections and sign in to Twitch again to grant it.</source>
        <translation>此连接的 Twitch 登录缺少权限“{scope}”。请打开“连接”重新登录 Twitch 并授予该权限。</translation>
    </message>
    <message>
        <source>The signed-in Twitch account is not a moderator of this channel. Ask the broadcaster to make it one.</source>
        <translation>登录的 Twitch 账号不是此频道的管理员。请让主播将其设为管理员。</translation>
    </message>
    <message>
        <source>Twitch lets one sign-in read the chat of at most 3 channels at once, and that many are open: close a room that reads another channel, or sign in with another account.</source>
        <translation>Twitch 允许一个登录账号同时读取最多 3 个频道的聊天，目前已达上限：请关闭读取其他频道的直播间，或使用其他账号登录。</translation>
    </message>
    <message>
        <source>This viewer is not banned or timed out on Twitch.</source>
        <translation>该观众在 Twitch 上未被封禁或禁言。</translation>
    </message>
    <message>
        <source>This viewer is already banned on Twitch.</source>
        <translation>该观众已在 Twitch 上被封禁。</translation>
    </message>
    <message>
        <source>Twitch acts only as the signed-in account: the moderator of this request is someone else.</source>
        <translation>Twitch 只以登录的账号执行操作：此请求的管理员是另一个人。</translation>
    </message>
    <message>
        <source>Twitch refused the request: {reason}</source>
        <translation>Twitch 拒绝了请求：{reason}</translation>
    </message>
    <message>
        <source>Twitch does not know this: {reason}</source>
        <translation>Twitch 找不到：{reason}</translation>
    </message>
    <message>
        <source>Twitch refused the access token even after it was renewed. Open Connections and sign in to Twitch again.</source>
        <translation>访问令牌续期后 Twitch 仍然拒绝。请打开“连接”重新登录 Twitch。</translation>
    </message>
    <message>
        <source>Google no longer accepts this YouTube sign-in (it was revoked or has expired). Open Connections and press Sign in again.</source>
        <translation>Google 不再接受此 YouTube 登录（已撤销或过期）。请打开“连接”并重新点“登录”。</translation>
    </message>
    <message>
        <source>Google refused the OAuth client id or secret. Check both in Connections (Google Cloud console → APIs &amp; Services → Credentials, a Desktop app client).</source>
        <translation>Google 拒绝了 OAuth 客户端 ID 或密钥。请在“连接”中检查这两项（Google Cloud 控制台 → API 和服务 → 凭据，桌面应用客户端）。</translation>
    </message>
    <message>
        <source>The sign-in was not allowed in the browser ({reason}).</source>
        <translation>浏览器中未允许登录（{reason}）。</translation>
    </message>
    <message>
        <source>Google signed in without the permission “Manage your YouTube account”, which the console needs to read and moderate the chat. Press Sign in again and leave that permission ticked.</source>
        <translation>Google 登录时未授予“管理您的 YouTube 帐号”权限，中控台需要它来读取和管理聊天。请重新点击“登录”，并保持该权限勾选。</translation>
    </message>
    <message>
        <source>Nobody allowed access in the browser within {minutes} minutes; press Sign in to try again.</source>
        <translation>{minutes} 分钟内没有人在浏览器中授权；请点“登录”重试。</translation>
    </message>
    <message>
        <source>The browser came back with an answer that was not for this sign-in; press Sign in to try again.</source>
        <translation>浏览器返回的应答不属于这次登录；请点“登录”重试。</translation>
    </message>
    <message>
        <source>YouTube&apos;s daily quota for this app is used up ({api}); it resets at midnight, Pacific time. Nothing was sent.</source>
        <translation>此应用的 YouTube 每日配额已用完（{api}）；将在太平洋时间午夜重置。未发送任何请求。</translation>
    </message>
    <message>
        <source>The YouTube live chat has ended: the broadcast is over.</source>
        <translation>YouTube 直播聊天已结束：直播已结束。</translation>
    </message>
    <message>
        <source>Live chat is turned off for this YouTube broadcast. Turn it on in YouTube Studio (Edit → Customization).</source>
        <translation>此 YouTube 直播关闭了实时聊天。请在 YouTube Studio 中开启（编辑 → 自定义）。</translation>
    </message>
    <message>
        <source>YouTube does not allow this change: messages of the channel owner and of moderators cannot be deleted, and they cannot be banned.</source>
        <translation>YouTube 不允许此操作：频道所有者和管理员的消息不能删除，他们也不能被封禁。</translation>
    </message>
    <message>
        <source>YouTube cannot find this live chat: the broadcast may have been deleted or not started yet.</source>
        <translation>YouTube 找不到这个直播聊天：直播可能已删除或尚未开始。</translation>
    </message>
    <message>
        <source>YouTube cannot find this chat message (it may already be deleted).</source>
        <translation>YouTube 找不到这条聊天消息（可能已被删除）。</translation>
    </message>
    <message>
        <source>YouTube has no such ban (it may have been lifted already).</source>
        <translation>YouTube 没有这个封禁（可能已解除）。</translation>
    </message>
    <message>
        <source>YouTube cannot find this broadcast.</source>
        <translation>YouTube 找不到这个直播。</translation>
    </message>
    <message>
        <source>YouTube cannot find this video.</source>
        <translation>YouTube 找不到这个视频。</translation>
    </message>
    <message>
        <source>YouTube refused: the signed-in channel is not the owner or a moderator of this live chat.</source>
        <translation>YouTube 拒绝：登录的频道不是此直播聊天的所有者或管理员。</translation>
    </message>
    <message>
        <source>The YouTube sign-in lacks the permission for this. Press Sign in in Connections and allow “Manage your YouTube account”.</source>
        <translation>YouTube 登录缺少此操作的权限。请在“连接”中点“登录”，并允许“管理你的 YouTube 账号”。</translation>
    </message>
    <message>
        <source>Live streaming is not enabled on this YouTube channel (YouTube Studio → Go live).</source>
        <translation>此 YouTube 频道未开通直播（YouTube Studio → 开始直播）。</translation>
    </message>
    <message>
        <source>YouTube refused the message text (empty, or too long: at most 200 characters).</source>
        <translation>YouTube 拒绝了消息内容（为空或太长：最多 200 个字符）。</translation>
    </message>
    <message>
        <source>The request named no live chat; choose a broadcast in Connections.</source>
        <translation>请求没有指定直播聊天；请在“连接”中选择一个直播。</translation>
    </message>
    <message>
        <source>YouTube refused the request ({reason}): {message}</source>
        <translation>YouTube 拒绝了请求（{reason}）：{message}</translation>
    </message>
    <message>
        <source>YouTube refused the access token right after a fresh one was made; sign in again in Connections.</source>
        <translation>刚生成的访问令牌就被 YouTube 拒绝；请在“连接”中重新登录。</translation>
    </message>
    <message>
        <source>YouTube Live has no API for products, coupons, flash sales or draws: sell through your own shop and link it in the description.</source>
        <translation>YouTube 直播没有商品、优惠券、秒杀或抽奖的 API：请通过自己的店铺销售，并在简介中放上链接。</translation>
    </message>
    <message>
        <source>YouTube has no room-wide mute; time out or ban single viewers, or turn on slow mode in YouTube Studio.</source>
        <translation>YouTube 没有全员禁言；请对单个观众禁言或封禁，或在 YouTube Studio 中开启慢速模式。</translation>
    </message>
    <message>
        <source>YouTube&apos;s API cannot pin a chat message; pin it in YouTube Studio.</source>
        <translation>YouTube 的 API 无法置顶聊天消息；请在 YouTube Studio 中置顶。</translation>
    </message>
    <message>
        <source>YouTube cannot hide a single message; delete it instead.</source>
        <translation>YouTube 无法隐藏单条消息；请改为删除。</translation>
    </message>
    <message>
        <source>The console reads no live figures from YouTube.</source>
        <translation>中控台不读取 YouTube 的直播数据。</translation>
    </message>
    <message>
        <source>YouTube&apos;s API cannot change the chat&apos;s modes; turn on slow mode or subscribers-only chat in YouTube Studio.</source>
        <translation>YouTube 的 API 不能修改聊天模式；请在 YouTube Studio 中开启慢速模式或仅订阅者聊天。</translation>
    </message>
    <message>
        <source>This YouTube broadcast has no live chat right now (it has not started, has ended, or its chat is turned off).</source>
        <translation>此 YouTube 直播当前没有实时聊天（尚未开始、已结束或聊天已关闭）。</translation>
    </message>
    <message>
        <source>This console did not make this ban (YouTube lifts a ban only by the id it gave the one who made it); lift it in YouTube Studio.</source>
        <translation>这条封禁不是本中控台设置的（YouTube 只能凭封禁时返回的编号解除封禁）；请在 YouTube Studio 中解除。</translation>
    </message>
    <message>
        <source>This connection&apos;s access token holds characters a token cannot have (an invisible space copied with it, perhaps). Open Connections and paste it again.</source>
        <translation>此连接的访问令牌含有令牌不应有的字符（可能是复制时带上的不可见空格）。请打开“连接”重新粘贴。</translation>
    </message>
    <message>
        <source>No answer from the platform to an earlier attempt: the action may or may not have been applied. The last attempt said: {reason}</source>
        <translation>平台没有答复之前的一次尝试：该操作可能已生效，也可能没有。最后一次尝试的结果：{reason}</translation>
    </message>
</context>
<context>
    <name>PlatformLinksDialog</name>
    <message>
        <source>Products across platforms</source>
        <translation>跨平台商品对应</translation>
    </message>
    <message>
        <source>Refresh from the platforms</source>
        <translation>从各平台刷新</translation>
    </message>
    <message>
        <source>The room is on one platform: there is nothing to link.</source>
        <translation>直播间只在一个平台上：没有需要对应的。</translation>
    </message>
    <message>
        <source>The catalog is {primary}&apos;s. Products and coupons of the other platforms are linked to it by merchant code (商家编码), by the same id and name, or by you. An action on something without a match is not sent to that platform.</source>
        <translation>商品库来自 {primary}。其他平台的商品和优惠券按商家编码、相同的 ID 和名称或你的手动关联与之对应。没有对应的商品，相关操作不会发到那个平台。</translation>
    </message>
    <message>
        <source>The products of this platform have not been read (yet).</source>
        <translation>尚未读取这个平台的商品。</translation>
    </message>
</context>
<context>
    <name>Poster</name>
    <message>
        <source>(Beijing time)</source>
        <translation>（北京时间）</translation>
    </message>
</context>
<context>
    <name>PosterDialog</name>
    <message>
        <source>Share poster</source>
        <translation>分享海报</translation>
    </message>
    <message>
        <source>Making the poster…</source>
        <translation>正在生成海报…</translation>
    </message>
    <message>
        <source>Save PNG…</source>
        <translation>保存 PNG…</translation>
    </message>
    <message>
        <source>Copy link</source>
        <translation>复制链接</translation>
    </message>
    <message>
        <source>The room&apos;s link could not be had: {why}</source>
        <translation>无法获取直播间链接：{why}</translation>
    </message>
    <message>
        <source>The platform has no link to this room: there is nothing to share.</source>
        <translation>平台没有这个直播间的链接，无法分享。</translation>
    </message>
    <message>
        <source>Link: {link}</source>
        <translation>链接：{link}</translation>
    </message>
    <message>
        <source>The cover could not be fetched: the poster has none.</source>
        <translation>无法获取封面，海报不带封面。</translation>
    </message>
    <message>
        <source>The plan has no cover: the poster shows LIVE instead.</source>
        <translation>预告没有封面，海报上改为显示“直播”字样。</translation>
    </message>
    <message>
        <source>The link is on the clipboard.</source>
        <translation>链接已复制到剪贴板。</translation>
    </message>
    <message>
        <source>Save the poster</source>
        <translation>保存海报</translation>
    </message>
    <message>
        <source>PNG images (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>The poster was not saved: {why}</source>
        <translation>海报未保存：{why}</translation>
    </message>
    <message>
        <source>Saved as {path}</source>
        <translation>已保存为 {path}</translation>
    </message>
</context>
<context>
    <name>PresenterView</name>
    <message>
        <source>Presenter view</source>
        <translation>主播提词屏</translation>
    </message>
    <message>
        <source>ON STAGE</source>
        <translation>讲解中</translation>
    </message>
    <message>
        <source>BUYERS ASK</source>
        <translation>买家在问</translation>
    </message>
    <message>
        <source>No show running</source>
        <translation>没有正在进行的直播脚本</translation>
    </message>
    <message>
        <source>The show has ended — thank you!</source>
        <translation>直播结束 — 辛苦了！</translation>
    </message>
    <message>
        <source>Show on time</source>
        <translation>整场准时</translation>
    </message>
    <message>
        <source>Show {t} behind</source>
        <translation>整场落后 {t}</translation>
    </message>
    <message>
        <source>Show {t} ahead</source>
        <translation>整场提前 {t}</translation>
    </message>
    <message>
        <source>NEXT: {title}</source>
        <translation>下一环节：{title}</translation>
    </message>
    <message>
        <source>REHEARSAL · {speed} — not on air</source>
        <translation>彩排 · {speed} — 未在直播</translation>
    </message>
    <message>
        <source>Last segment</source>
        <translation>最后一个环节</translation>
    </message>
    <message>
        <source>Nothing on stage</source>
        <translation>当前没有讲解商品</translation>
    </message>
    <message>
        <source>SOLD OUT</source>
        <translation>已售罄</translation>
    </message>
    <message>
        <source>OFF SALE</source>
        <translation>已下架</translation>
    </message>
    <message>
        <source>Price {price}</source>
        <translation>价格 {price}</translation>
    </message>
    <message>
        <source>Stock {stock}</source>
        <translation>库存 {stock}</translation>
    </message>
    <message>
        <source>Coupons left {n}</source>
        <translation>剩余优惠券 {n}</translation>
    </message>
    <message>
        <source>FLASH SALE ON · ends in</source>
        <translation>秒杀进行中 · 剩余</translation>
    </message>
    <message>
        <source>FLASH SALE · starts in</source>
        <translation>秒杀 · 开始倒计时</translation>
    </message>
    <message>
        <source>{left} of {stock} left</source>
        <translation>剩 {left} / {stock} 件</translation>
    </message>
    <message>
        <source>FROM THE ASSISTANT: {text}</source>
        <translation>场控提醒：{text}</translation>
    </message>
    <message>
        <source>(no questions yet)</source>
        <translation>（暂无问题）</translation>
    </message>
</context>
<context>
    <name>PriceDialog</name>
    <message>
        <source>Change price</source>
        <translation>改价</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>New price</source>
        <translation>新价格</translation>
    </message>
</context>
<context>
    <name>PromotionsPanel</name>
    <message>
        <source>Coupons</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <source> pcs</source>
        <translation> 张</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Issue coupons</source>
        <translation>发券</translation>
    </message>
    <message>
        <source>Quantity</source>
        <translation>数量</translation>
    </message>
    <message>
        <source>Valid</source>
        <translation>有效期</translation>
    </message>
    <message>
        <source>Stop batch</source>
        <translation>停发这批</translation>
    </message>
    <message>
        <source>Flash sale (秒杀)</source>
        <translation>秒杀</translation>
    </message>
    <message>
        <source>Check the flash sale against the room and get it ready to fire ({key})</source>
        <translation>对照直播间检查秒杀并准备发起（{key}）</translation>
    </message>
    <message>
        <source>Stop the flash sale chosen in the list below now — with none chosen, the one running</source>
        <translation>立即停止下方列表中选中的秒杀；未选中时，停止正在进行的那一场</translation>
    </message>
    <message>
        <source>Arm again</source>
        <translation>重新准备</translation>
    </message>
    <message>
        <source>Choose the coupon batch to stop in the list.</source>
        <translation>请在列表中选择要停止的优惠券批次。</translation>
    </message>
    <message>
        <source>No coupon batch is active.</source>
        <translation>当前没有进行中的优惠券批次。</translation>
    </message>
    <message>
        <source>That coupon batch has ended already.</source>
        <translation>该优惠券批次已经结束。</translation>
    </message>
    <message>
        <source>Not armed: {why}</source>
        <translation>未能准备：{why}</translation>
    </message>
    <message>
        <source>Choose the flash sale to stop in the list.</source>
        <translation>请在列表中选择要停止的秒杀。</translation>
    </message>
    <message>
        <source>That flash sale has ended already.</source>
        <translation>该秒杀已经结束。</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>SKU</source>
        <translation>规格</translation>
    </message>
    <message>
        <source>Regular price</source>
        <translation>原价</translation>
    </message>
    <message>
        <source>Sale price</source>
        <translation>秒杀价</translation>
    </message>
    <message>
        <source>Stock for the sale</source>
        <translation>秒杀库存</translation>
    </message>
    <message>
        <source>Per buyer</source>
        <translation>每人限购</translation>
    </message>
    <message>
        <source>Countdown</source>
        <translation>倒计时</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>持续时间</translation>
    </message>
    <message>
        <source>Arm</source>
        <translation>准备</translation>
    </message>
    <message>
        <source>Stop early</source>
        <translation>提前结束</translation>
    </message>
    <message>
        <source>stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Issuing…</source>
        <translation>发券中…</translation>
    </message>
</context>
<context>
    <name>PushUrlDialog</name>
    <message>
        <source>Push URL for OBS</source>
        <translation>OBS 推流地址</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>加载中…</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Server</source>
        <translation>服务器</translation>
    </message>
    <message>
        <source>Stream key</source>
        <translation>推流码</translation>
    </message>
    <message>
        <source>In OBS: Settings → Stream → Service “Custom”, paste the server and the stream key. The key is secret: anyone with it can broadcast to this room.</source>
        <translation>在 OBS 中：设置 → 推流 → 服务选“自定义”，粘贴服务器和推流码。推流码需保密：拿到它的人都能向这个直播间推流。</translation>
    </message>
</context>
<context>
    <name>QFileDialog</name>
    <message>
        <source>&amp;Look in:</source>
        <translation>查找范围(&amp;L)：</translation>
    </message>
    <message>
        <source>Files of &amp;type:</source>
        <translation>文件类型(&amp;T)：</translation>
    </message>
</context>
<context>
    <name>QuestionsModel</name>
    <message>
        <source>Asked</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Times</source>
        <translation>次数</translation>
    </message>
    <message>
        <source>Product on stage</source>
        <translation>讲解中的商品</translation>
    </message>
    <message>
        <source>Asked again after it was answered</source>
        <translation>已回答后又有观众在问</translation>
    </message>
</context>
<context>
    <name>QuestionsPanel</name>
    <message>
        <source>Questions</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Want to buy</source>
        <translation>想买</translation>
    </message>
    <message>
        <source>To presenter view</source>
        <translation>发到主播屏</translation>
    </message>
    <message>
        <source>Show this question on the anchor&apos;s screen</source>
        <translation>在主播屏上显示这个问题</translation>
    </message>
    <message>
        <source>Answer to post and pin, e.g. XL有货,拍2号链接</source>
        <translation>要发送并置顶的回答，例如 XL有货，拍2号链接</translation>
    </message>
    <message>
        <source>Post and pin</source>
        <translation>发送并置顶</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已回答</translation>
    </message>
    <message>
        <source>Not answered</source>
        <translation>撤销已回答</translation>
    </message>
    <message>
        <source>Buyers ask: {q} (×{n})</source>
        <translation>买家在问：{q}(×{n})</translation>
    </message>
</context>
<context>
    <name>Quota</name>
    <message>
        <source>{platform} has used {used} of today&apos;s {limit} calls to {api} ({percent} %). Past the limit the platform refuses it until midnight, Beijing time; the console then waits instead of sending.</source>
        <translation>{platform}今天已调用 {api} {used} 次，额度 {limit} 次（{percent}%）。超出额度后平台会拒绝该接口直到北京时间零点，届时中控台将等待而不再发送。</translation>
    </message>
    <message>
        <source>{platform} has used {used} of today&apos;s {limit} quota units ({percent} %). Past the limit the platform refuses everything until its day resets at {reset}; the console reads the chat more slowly first, and then deletes only on this screen.</source>
        <translation>{platform} 今天已用 {used} / {limit} 配额单位（{percent} %）。超过上限后，平台会拒绝一切请求，直到 {reset} 重置；中控台会先放慢读取聊天，然后只在本屏幕上删除。</translation>
    </message>
    <message>
        <source>{platform}: today&apos;s quota units are used up; the platform refuses everything until its day resets at {reset}, and the console sends nothing to it until then.</source>
        <translation>{platform}：今天的配额单位已用完；平台会拒绝一切请求，直到 {reset} 重置，在此之前中控台不再向它发送任何请求。</translation>
    </message>
    <message>
        <source>{platform}: today&apos;s allowance for {api} is used up; the platform refuses it until midnight, Beijing time, and the console sends nothing for it until then.</source>
        <translation>{platform}：{api} 今天的调用额度已用完；平台在北京时间零点前会拒绝该接口，中控台在此之前不会再发送。</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <source>; </source>
        <translation>；</translation>
    </message>
</context>
<context>
    <name>RedPacketForm</name>
    <message>
        <source> shares</source>
        <translation> 份</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>e.g. 感谢大家支持!</source>
        <translation>例如：感谢大家支持！</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总金额</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>份数</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>分配方式</translation>
    </message>
    <message>
        <source>Claim within</source>
        <translation>领取时限</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>祝福语</translation>
    </message>
</context>
<context>
    <name>RedPacketModel</name>
    <message>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>分配方式</translation>
    </message>
    <message>
        <source>Claimed</source>
        <translation>已领取</translation>
    </message>
    <message>
        <source>Time left</source>
        <translation>剩余时间</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>{count} · {split}</source>
        <translation>{count} 份 · {split}</translation>
    </message>
    <message>
        <source>{claimed}/{count} · {amount}</source>
        <translation>{claimed}/{count} · {amount}</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>可领取</translation>
    </message>
    <message>
        <source>All claimed</source>
        <translation>已领完</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>已过期</translation>
    </message>
</context>
<context>
    <name>RedPacketSplit</name>
    <message>
        <source>random amounts (拼手气)</source>
        <translation>拼手气</translation>
    </message>
    <message>
        <source>equal amounts</source>
        <translation>均分</translation>
    </message>
</context>
<context>
    <name>RehearsalBar</name>
    <message>
        <source>REHEARSAL ROOM — nothing done here reaches the live room</source>
        <translation>彩排直播间 — 这里的任何操作都不会影响正式直播间</translation>
    </message>
    <message>
        <source> comments/s</source>
        <translation> 条评论/秒</translation>
    </message>
    <message>
        <source>The simulated audience of the rehearsal room (0: silent)</source>
        <translation>彩排直播间的模拟观众（0:无人发言）</translation>
    </message>
    <message>
        <source>Replay comments…</source>
        <translation>回放评论…</translation>
    </message>
    <message>
        <source>Play a recorded comment log (JSON Lines) into the rehearsal room</source>
        <translation>把录制的评论记录(JSON Lines)回放到彩排直播间</translation>
    </message>
    <message>
        <source>Leave rehearsal room</source>
        <translation>离开彩排直播间</translation>
    </message>
    <message>
        <source>Replay a comment log</source>
        <translation>回放评论记录</translation>
    </message>
    <message>
        <source>Comment logs (*.jsonl *.json *.txt)</source>
        <translation>评论记录 (*.jsonl *.json *.txt)</translation>
    </message>
</context>
<context>
    <name>RehearsalRoom</name>
    <message>
        <source>A lucky bag is open in the live room: draw it (or let it draw) before rehearsing.</source>
        <translation>直播间里还有一个福袋未开奖：请先开奖（或等它自动开奖）再彩排。</translation>
    </message>
    <message>
        <source>Rehearsal · {title}</source>
        <translation>彩排 · {title}</translation>
    </message>
    <message>
        <source>No rehearsal room could be made: {why}</source>
        <translation>无法创建彩排直播间：{why}</translation>
    </message>
    <message>
        <source>The comment log could not be read: {why}</source>
        <translation>无法读取评论记录：{why}</translation>
    </message>
    <message>
        <source>The comment log is larger than 100 MB.</source>
        <translation>评论记录超过 100 MB。</translation>
    </message>
</context>
<context>
    <name>Review</name>
    <message>
        <source>Untitled show</source>
        <translation>未命名直播</translation>
    </message>
    <message>
        <source>Review: {title}</source>
        <translation>复盘：{title}</translation>
    </message>
    <message>
        <source>REHEARSAL — not a live show</source>
        <translation>彩排——不是正式直播</translation>
    </message>
    <message>
        <source>Charts</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <source>nothing was written to {file}</source>
        <translation>无法写入 {file}</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线人数</translation>
    </message>
    <message>
        <source>Visitors</source>
        <translation>进房人次</translation>
    </message>
    <message>
        <source>Likes</source>
        <translation>点赞</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>New followers</source>
        <translation>新增关注</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>GMV</source>
        <translation>成交额</translation>
    </message>
    <message>
        <source>Buyers</source>
        <translation>买家</translation>
    </message>
    <message>
        <source>Coupons claimed</source>
        <translation>领券数</translation>
    </message>
    <message>
        <source>Coupons used</source>
        <translation>用券数</translation>
    </message>
    <message>
        <source>GMV with a coupon</source>
        <translation>用券成交额</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>GMV per minute</source>
        <translation>每分钟成交额</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>outcome unknown</source>
        <translation>结果未知</translation>
    </message>
    <message>
        <source>fired</source>
        <translation>已触发</translation>
    </message>
    <message>
        <source>missed</source>
        <translation>错过</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>等待中</translation>
    </message>
    <message>
        <source>not reached</source>
        <translation>未到达</translation>
    </message>
    <message>
        <source>sold out</source>
        <translation>售罄</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>time up</source>
        <translation>到时结束</translation>
    </message>
    <message>
        <source>room ended</source>
        <translation>直播结束</translation>
    </message>
    <message>
        <source>open at the end</source>
        <translation>结束时仍可领取</translation>
    </message>
    <message>
        <source>all claimed</source>
        <translation>已领完</translation>
    </message>
    <message>
        <source>closed, not drawn</source>
        <translation>已截止，未开奖</translation>
    </message>
    <message>
        <source>drawn</source>
        <translation>已开奖</translation>
    </message>
    <message>
        <source>on time</source>
        <translation>准时</translation>
    </message>
    <message>
        <source>▲ {t} over</source>
        <translation>▲ 超时 {t}</translation>
    </message>
    <message>
        <source>▼ {t} under</source>
        <translation>▼ 提前 {t}</translation>
    </message>
    <message>
        <source>{label}: {value}</source>
        <translation>{label}：{value}</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>Figure</source>
        <translation>指标</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>开播时间</translation>
    </message>
    <message>
        <source>Planned length</source>
        <translation>计划时长</translation>
    </message>
    <message>
        <source>Against the plan</source>
        <translation>与计划相比</translation>
    </message>
    <message>
        <source>Peak online</source>
        <translation>在线峰值</translation>
    </message>
    <message>
        <source>Anchor&apos;s commission</source>
        <translation>主播佣金</translation>
    </message>
    <message>
        <source>Platforms</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Figures the platforms do not give</source>
        <translation>平台未提供的指标</translation>
    </message>
    <message>
        <source>Seconds recorded</source>
        <translation>记录秒数</translation>
    </message>
    <message>
        <source>Orders seen one by one</source>
        <translation>逐单看到的订单</translation>
    </message>
    <message>
        <source>Ended</source>
        <translation>已结束</translation>
    </message>
    <message>
        <source>no — the record was interrupted</source>
        <translation>否——记录中断</translation>
    </message>
    <message>
        <source>Compared with earlier shows</source>
        <translation>与往期对比</translation>
    </message>
    <message>
        <source>This show</source>
        <translation>本场</translation>
    </message>
    <message>
        <source>Previous show</source>
        <translation>上一场</translation>
    </message>
    <message>
        <source>Average before</source>
        <translation>往期平均</translation>
    </message>
    <message>
        <source>Trend</source>
        <translation>趋势</translation>
    </message>
    <message>
        <source>No earlier show of the same script or room to compare with.</source>
        <translation>没有同一脚本或直播间的往期直播可对比。</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Planned start</source>
        <translation>计划开始</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Actual</source>
        <translation>实际</translation>
    </message>
    <message>
        <source>Over / under</source>
        <translation>超时 / 提前</translation>
    </message>
    <message>
        <source>Cues done</source>
        <translation>完成的动作</translation>
    </message>
    <message>
        <source>Cues skipped</source>
        <translation>跳过的动作</translation>
    </message>
    <message>
        <source>Cues failed</source>
        <translation>失败的动作</translation>
    </message>
    <message>
        <source>Cues</source>
        <translation>动作</translation>
    </message>
    <message>
        <source>(outside any segment)</source>
        <translation>（环节之外）</translation>
    </message>
    <message>
        <source>not on air</source>
        <translation>未播出</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Product id</source>
        <translation>商品 ID</translation>
    </message>
    <message>
        <source>Commission %</source>
        <translation>佣金比例 %</translation>
    </message>
    <message>
        <source>Commission</source>
        <translation>佣金</translation>
    </message>
    <message>
        <source>Flash sales</source>
        <translation>秒杀</translation>
    </message>
    <message>
        <source>No flash sale in this show.</source>
        <translation>本场没有秒杀。</translation>
    </message>
    <message>
        <source>Red packets</source>
        <translation>红包</translation>
    </message>
    <message>
        <source>No red packet in this show.</source>
        <translation>本场没有发红包。</translation>
    </message>
    <message>
        <source>Lucky bags</source>
        <translation>福袋</translation>
    </message>
    <message>
        <source>No lucky bag in this show.</source>
        <translation>本场没有福袋。</translation>
    </message>
    <message>
        <source>Coupons</source>
        <translation>优惠券</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>发放</translation>
    </message>
    <message>
        <source>Claimed</source>
        <translation>已领</translation>
    </message>
    <message>
        <source>Moderation</source>
        <translation>评论管理</translation>
    </message>
    <message>
        <source>Actions</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <source>staff</source>
        <translation>人工</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Segments aired</source>
        <translation>已播环节</translation>
    </message>
    <message>
        <source>{aired} of {planned}; {missing} not aired</source>
        <translation>{planned} 个中已播 {aired} 个；{missing} 个未播出</translation>
    </message>
    <message>
        <source>Planned length of the aired segments</source>
        <translation>已播环节的计划时长</translation>
    </message>
    <message>
        <source>Aired segments against their plan</source>
        <translation>已播环节与计划相比</translation>
    </message>
    <message>
        <source>Actual start</source>
        <translation>实际开始</translation>
    </message>
    <message>
        <source>Cue</source>
        <translation>动作</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>At</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>GMV in 5 min after</source>
        <translation>之后 5 分钟成交额</translation>
    </message>
    <message>
        <source>Orders in 5 min after</source>
        <translation>之后 5 分钟订单</translation>
    </message>
    <message>
        <source>On stage</source>
        <translation>讲解时长</translation>
    </message>
    <message>
        <source>Orders on stage</source>
        <translation>讲解时订单</translation>
    </message>
    <message>
        <source>GMV on stage</source>
        <translation>讲解时成交额</translation>
    </message>
    <message>
        <source>GMV per minute on stage</source>
        <translation>讲解时每分钟成交额</translation>
    </message>
    <message>
        <source>Orders off stage</source>
        <translation>非讲解订单</translation>
    </message>
    <message>
        <source>GMV off stage</source>
        <translation>非讲解成交额</translation>
    </message>
    <message>
        <source>Pieces</source>
        <translation>件数</translation>
    </message>
    <message>
        <source>Stock left</source>
        <translation>剩余库存</translation>
    </message>
    <message>
        <source>Anchor&apos;s commission in all</source>
        <translation>主播佣金合计</translation>
    </message>
    <message>
        <source>Sale</source>
        <translation>秒杀</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <source>Sell-through</source>
        <translation>售罄率</translation>
    </message>
    <message>
        <source>Live at</source>
        <translation>开抢时间</translation>
    </message>
    <message>
        <source>Ended at</source>
        <translation>结束于</translation>
    </message>
    <message>
        <source>Why it ended</source>
        <translation>结束原因</translation>
    </message>
    <message>
        <source>Sold out after</source>
        <translation>售罄用时</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Issued at</source>
        <translation>发放时间</translation>
    </message>
    <message>
        <source>Issued, by the action journal</source>
        <translation>已发放（操作日志）</translation>
    </message>
    <message>
        <source>Used</source>
        <translation>已使用</translation>
    </message>
    <message>
        <source>Use rate</source>
        <translation>使用率</translation>
    </message>
    <message>
        <source>Red packet</source>
        <translation>红包</translation>
    </message>
    <message>
        <source>Sent at</source>
        <translation>发出时间</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>总额</translation>
    </message>
    <message>
        <source>Shares</source>
        <translation>份数</translation>
    </message>
    <message>
        <source>Claimed amount</source>
        <translation>已领金额</translation>
    </message>
    <message>
        <source>Claimed from red packets in all</source>
        <translation>红包共被领取</translation>
    </message>
    <message>
        <source>Lucky bag</source>
        <translation>福袋</translation>
    </message>
    <message>
        <source>Prize</source>
        <translation>奖品</translation>
    </message>
    <message>
        <source>Started at</source>
        <translation>发起时间</translation>
    </message>
    <message>
        <source>Winners wanted</source>
        <translation>中奖名额</translation>
    </message>
    <message>
        <source>Entrants</source>
        <translation>参与人数</translation>
    </message>
    <message>
        <source>Drawn at</source>
        <translation>开奖时间</translation>
    </message>
    <message>
        <source>Winners</source>
        <translation>中奖者</translation>
    </message>
    <message>
        <source>Rule or person</source>
        <translation>规则或人员</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Undone by staff</source>
        <translation>被人工撤销</translation>
    </message>
    <message>
        <source>Undone (false positives)</source>
        <translation>撤销（误判）</translation>
    </message>
    <message>
        <source>Questions</source>
        <translation>提问</translation>
    </message>
    <message>
        <source>Question</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>Asked</source>
        <translation>提问次数</translation>
    </message>
    <message>
        <source>Answered</source>
        <translation>已回答</translation>
    </message>
    <message>
        <source>Product on stage</source>
        <translation>讲解中的商品</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>No questions were asked.</source>
        <translation>没有人提问。</translation>
    </message>
    <message>
        <source>its start time is not a usable number ({value})</source>
        <translation>开始时间不是可用的数值（{value}）</translation>
    </message>
    <message>
        <source>its length is not a usable number ({value})</source>
        <translation>时长不是可用的数值（{value}）</translation>
    </message>
    <message>
        <source>{file} is not a readable show record ({why})</source>
        <translation>{file} 不是可读取的直播记录（{why}）</translation>
    </message>
    <message>
        <source>{file}: no such show record</source>
        <translation>{file}：没有这条直播记录</translation>
    </message>
    <message>
        <source>not a show record</source>
        <translation>不是直播记录文件</translation>
    </message>
    <message>
        <source>its version is not a whole number ({version})</source>
        <translation>其版本号不是整数（{version}）</translation>
    </message>
    <message>
        <source>made by a newer Anchor Console (record version {version})</source>
        <translation>由更新版本的中控台生成（记录版本 {version}）</translation>
    </message>
</context>
<context>
    <name>ReviewExport</name>
    <message>
        <source>REHEARSAL</source>
        <translation>彩排</translation>
    </message>
    <message>
        <source>Live show</source>
        <translation>直播</translation>
    </message>
    <message>
        <source>GMV per segment (¥)</source>
        <translation>各环节成交额（元）</translation>
    </message>
    <message>
        <source>GMV on and off stage (¥)</source>
        <translation>讲解中与非讲解成交额（元）</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>收入</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>合计</translation>
    </message>
    <message>
        <source>{header} (¥)</source>
        <translation>{header}（元）</translation>
    </message>
    <message>
        <source>{header} (s)</source>
        <translation>{header}（秒）</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <source>The crew&apos;s conclusions</source>
        <translation>团队结论</translation>
    </message>
    <message>
        <source>Per minute</source>
        <translation>每分钟</translation>
    </message>
    <message>
        <source>Minute</source>
        <translation>分钟</translation>
    </message>
    <message>
        <source>GMV (¥, cumulative)</source>
        <translation>成交额（元，累计）</translation>
    </message>
    <message>
        <source>minute</source>
        <translation>分钟</translation>
    </message>
</context>
<context>
    <name>ReviewPanel</name>
    <message>
        <source>Approve (A)</source>
        <translation>通过 (A)</translation>
    </message>
    <message>
        <source>Reject (R)</source>
        <translation>驳回 (R)</translation>
    </message>
    <message>
        <source>Held for review</source>
        <translation>待审核</translation>
    </message>
    <message>
        <source>Mod log</source>
        <translation>处理记录</translation>
    </message>
    <message>
        <source>Held for review ({n})</source>
        <translation>待审核（{n}）</translation>
    </message>
    <message>
        <source>The oldest {shown} of {n} are listed; each decision brings the next one up.</source>
        <translation>共 {n} 条，列出最早的 {shown} 条；每处理一条，下一条随即补上。</translation>
    </message>
    <message>
        <source>{n} more held comments did not fit here (at most {limit}). Recent ones are under the feed&apos;s Held filter, where A approves and R rejects; older ones stay out of the feed.</source>
        <translation>另有 {n} 条待审评论放不下（最多 {limit} 条）。较新的在评论流的“待审”筛选里，按 A 通过、按 R 拒绝；更早的不会出现在评论流中。</translation>
    </message>
    <message>
        <source>[test] </source>
        <translation>[测试] </translation>
    </message>
</context>
<context>
    <name>ReviewState</name>
    <message>
        <source>no review needed</source>
        <translation>无需审核</translation>
    </message>
    <message>
        <source>not submitted for review</source>
        <translation>未提交审核</translation>
    </message>
    <message>
        <source>under review</source>
        <translation>审核中</translation>
    </message>
    <message>
        <source>approved</source>
        <translation>审核通过</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>审核未通过</translation>
    </message>
</context>
<context>
    <name>ReviewWindow</name>
    <message>
        <source>Review</source>
        <translation>复盘</translation>
    </message>
    <message>
        <source>Reading the record…</source>
        <translation>正在读取记录…</translation>
    </message>
    <message>
        <source>REHEARSAL</source>
        <translation>彩排</translation>
    </message>
    <message>
        <source>Export to Excel…</source>
        <translation>导出 Excel…</translation>
    </message>
    <message>
        <source>Export to HTML…</source>
        <translation>导出 HTML…</translation>
    </message>
    <message>
        <source>Export to PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线人数</translation>
    </message>
    <message>
        <source>GMV (¥, since the show started)</source>
        <translation>成交额（元，开播以来）</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>总览</translation>
    </message>
    <message>
        <source>Segments and cues</source>
        <translation>环节与动作</translation>
    </message>
    <message>
        <source>Products and commission</source>
        <translation>商品与佣金</translation>
    </message>
    <message>
        <source>Flash sales and coupons</source>
        <translation>秒杀与优惠券</translation>
    </message>
    <message>
        <source>Red packets and lucky bags</source>
        <translation>红包和福袋</translation>
    </message>
    <message>
        <source>Moderation and questions</source>
        <translation>评论管理与提问</translation>
    </message>
    <message>
        <source>What went well, what to change next time…</source>
        <translation>哪些做得好，下次要改什么…</translation>
    </message>
    <message>
        <source>Save notes</source>
        <translation>保存笔记</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>笔记</translation>
    </message>
    <message>
        <source>This show&apos;s record cannot be read: {why}</source>
        <translation>无法读取本场直播的记录：{why}</translation>
    </message>
    <message>
        <source>The review could not be made: {why}</source>
        <translation>无法生成复盘：{why}</translation>
    </message>
    <message>
        <source>Untitled show</source>
        <translation>未命名直播</translation>
    </message>
    <message>
        <source>Review: {title}</source>
        <translation>复盘：{title}</translation>
    </message>
    <message>
        <source>{started} · {length} · a rehearsal: its figures are not a live show&apos;s</source>
        <translation>{started} · {length} · 彩排：数据不是正式直播的</translation>
    </message>
    <message>
        <source>The commission could not be saved: {why}</source>
        <translation>佣金未能保存：{why}</translation>
    </message>
    <message>
        <source>The notes could not be saved: {why}</source>
        <translation>笔记未能保存：{why}</translation>
    </message>
    <message>
        <source>Notes saved with the show.</source>
        <translation>笔记已随本场直播保存。</translation>
    </message>
    <message>
        <source>Excel workbooks (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Web pages (*.html)</source>
        <translation>网页 (*.html)</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF 文档 (*.pdf)</translation>
    </message>
    <message>
        <source>Export the review</source>
        <translation>导出复盘</translation>
    </message>
    <message>
        <source>GMV (¥)</source>
        <translation>成交额（元）</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>The review could not be exported: {why}</source>
        <translation>复盘未能导出：{why}</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>已导出到 {path}</translation>
    </message>
</context>
<context>
    <name>Room</name>
    <message>
        <source>Not connected to a room yet.</source>
        <translation>尚未连接直播间。</translation>
    </message>
</context>
<context>
    <name>RoomActions</name>
    <message>
        <source>The same money action was done a moment ago, so this press was not sent (a double click?). To do it once more, press again in a moment.</source>
        <translation>同样的资金操作刚刚已完成，所以这次按下没有发送（是否双击了？）。如需再做一次，请稍等片刻再按。</translation>
    </message>
    <message>
        <source>Not sent: it contains advertising-law words. {words}</source>
        <translation>未发送：内容含有广告法禁用词。{words}</translation>
    </message>
    <message>
        <source>Send anyway</source>
        <translation>仍然发送</translation>
    </message>
    <message>
        <source>Confirm</source>
        <translation>确认</translation>
    </message>
    <message>
        <source>{action}?</source>
        <translation>{action}?</translation>
    </message>
    <message>
        <source>Fire</source>
        <translation>执行</translation>
    </message>
    <message>
        <source>Done: {action} (the earlier request that had no answer, sent again with its key: it applies once)</source>
        <translation>已完成：{action}（重新发送了之前未获答复的请求，沿用原幂等键：只会生效一次）</translation>
    </message>
    <message>
        <source>Done: {action}</source>
        <translation>已完成：{action}</translation>
    </message>
    <message>
        <source>{action}: {why}</source>
        <translation>{action}:{why}</translation>
    </message>
    <message>
        <source>The earlier request that had no answer was sent again with its key, not a new one.</source>
        <translation>已沿用原幂等键重新发送之前未获答复的请求，而不是发起新的操作。</translation>
    </message>
    <message>
        <source>{platform}: done</source>
        <translation>{platform}：已完成</translation>
    </message>
    <message>
        <source>{platform}: {reason}</source>
        <translation>{platform}：{reason}</translation>
    </message>
    <message>
        <source>No answer yet for: {action}</source>
        <translation>尚无回应：{action}</translation>
    </message>
    <message>
        <source>Partly done: {action}</source>
        <translation>部分完成：{action}</translation>
    </message>
    <message>
        <source>Failed: {action}</source>
        <translation>失败：{action}</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
</context>
<context>
    <name>RoomHeader</name>
    <message>
        <source>ROOM MUTED</source>
        <translation>全员禁言中</translation>
    </message>
    <message>
        <source>Room-wide mute is on: no viewer can comment (Room menu).</source>
        <translation>已开启全员禁言：观众都无法评论（在“直播间”菜单关闭）。</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Likes</source>
        <translation>点赞</translation>
    </message>
    <message>
        <source>Comments</source>
        <translation>评论</translation>
    </message>
    <message>
        <source>Orders</source>
        <translation>订单</translation>
    </message>
    <message>
        <source>GMV</source>
        <translation>成交额</translation>
    </message>
    <message>
        <source>LIVE</source>
        <translation>直播中</translation>
    </message>
    <message>
        <source>ENDED</source>
        <translation>已下播</translation>
    </message>
    <message>
        <source>NOT LIVE</source>
        <translation>未开播</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Slow {n} s</source>
        <translation>慢速 {n} 秒</translation>
    </message>
    <message>
        <source>Followers</source>
        <translation>仅粉丝</translation>
    </message>
    <message>
        <source>Followers {duration}</source>
        <translation>仅粉丝 {duration}</translation>
    </message>
    <message>
        <source>Shield</source>
        <translation>防护</translation>
    </message>
    <message>
        <source>Chat modes are on: viewers comment under limits (Chat modes, above the comments).</source>
        <translation>聊天限制已开启：观众评论受限（见评论区上方的“聊天模式”）。</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Could not connect: {reason}</source>
        <translation>无法连接：{reason}</translation>
    </message>
    <message>
        <source>Click for the whole message, Reconnect and Connections.</source>
        <translation>点击查看完整信息、重新连接和连接设置。</translation>
    </message>
    <message>
        <source>Details…</source>
        <translation>详情…</translation>
    </message>
    <message>
        <source>connecting…</source>
        <translation>连接中…</translation>
    </message>
    <message>
        <source>connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <source>reconnecting…</source>
        <translation>重新连接中…</translation>
    </message>
    <message>
        <source>resyncing…</source>
        <translation>重新同步中…</translation>
    </message>
    <message>
        <source>disconnected</source>
        <translation>已断开</translation>
    </message>
    <message>
        <source>{state} — {reason}</source>
        <translation>{state} — {reason}</translation>
    </message>
    <message>
        <source>{state}, quota {percent} %</source>
        <translation>{state}，额度已用 {percent}%</translation>
    </message>
    <message>
        <source>{state}: {name}</source>
        <translation>{state}：{name}</translation>
    </message>
    <message>
        <source>● {count} connected</source>
        <translation>● {count} 个已连接</translation>
    </message>
    <message>
        <source>Last known: a connection is {state} (its figures are not coming in)</source>
        <translation>最后已知的数据：有连接处于“{state}”，数据没有更新</translation>
    </message>
    <message>
        <source>{platform} — quota units today (reset at {reset}, this computer&apos;s time):</source>
        <translation>{platform} — 今日配额单位（于本机时间 {reset} 重置）：</translation>
    </message>
    <message>
        <source>{platform} — API calls today (reset at midnight, Beijing time):</source>
        <translation>{platform}——今天的接口调用（北京时间零点重置）：</translation>
    </message>
    <message>
        <source>{used} of {limit} units</source>
        <translation>已用 {used} / {limit} 单位</translation>
    </message>
    <message>
        <source> — at this pace they run out at {when}</source>
        <translation> — 按当前速度将于 {when} 用完</translation>
    </message>
    <message>
        <source>{api}: {used} of {limit}</source>
        <translation>{api}：{used} / {limit}</translation>
    </message>
    <message>
        <source>{api}: {used} (no documented limit)</source>
        <translation>{api}：{used}（文档未注明上限）</translation>
    </message>
    <message>
        <source> — used up</source>
        <translation>——已用完</translation>
    </message>
    <message>
        <source> — slowed down for a minute</source>
        <translation>——限速一分钟</translation>
    </message>
</context>
<context>
    <name>RulesMode</name>
    <message>
        <source>Rules act here</source>
        <translation>规则在本机执行</translation>
    </message>
    <message>
        <source>Rules only mark (another seat acts)</source>
        <translation>规则只标记（由另一台执行）</translation>
    </message>
    <message>
        <source>Rules in test mode (log what they would do)</source>
        <translation>规则测试模式（只记录会做什么）</translation>
    </message>
</context>
<context>
    <name>SeatsModel</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Machine</source>
        <translation>电脑</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>加入时间</translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation>最近在线</translation>
    </message>
    <message>
        <source>(this seat)</source>
        <translation>（本席位）</translation>
    </message>
    <message>
        <source>gone</source>
        <translation>已离开</translation>
    </message>
</context>
<context>
    <name>SegmentForm</name>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>After the previous segment</source>
        <translation>紧接上一环节</translation>
    </message>
    <message>
        <source>At a fixed time</source>
        <translation>定时开始</translation>
    </message>
    <message>
        <source>Talking points (话术) for the anchor…</source>
        <translation>给主播的话术…</translation>
    </message>
    <message>
        <source>Notes for the assistant (场控)…</source>
        <translation>给场控的备注…</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Starts</source>
        <translation>开始方式</translation>
    </message>
    <message>
        <source>Add product</source>
        <translation>添加商品</translation>
    </message>
    <message>
        <source>Remove product</source>
        <translation>移除商品</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Talking points</source>
        <translation>话术</translation>
    </message>
    <message>
        <source>Advertising-law check (double-click to jump)</source>
        <translation>广告法检查（双击跳转）</translation>
    </message>
    <message>
        <source>Notes for the assistant</source>
        <translation>场控配合</translation>
    </message>
    <message>
        <source>Cues</source>
        <translation>动作</translation>
    </message>
    <message>
        <source>Add cue…</source>
        <translation>添加动作…</translation>
    </message>
    <message>
        <source>Edit cue…</source>
        <translation>编辑动作…</translation>
    </message>
    <message>
        <source>Remove cue</source>
        <translation>删除动作</translation>
    </message>
    <message>
        <source>(not linked)</source>
        <translation>（未关联商品库）</translation>
    </message>
    <message>
        <source>✓ No advertising-law words found in this segment</source>
        <translation>✓ 本环节未发现广告法禁用词</translation>
    </message>
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Your settings file could not be read ({error}); it was kept as {backup} and the console starts with default settings.</source>
        <translation>无法读取设置文件（{error}）；原文件已保存为 {backup}，中控台使用默认设置启动。</translation>
    </message>
    <message>
        <source>Some settings could not be read ({fields}); they are back to their defaults. Your settings file was kept as {backup}.</source>
        <translation>部分设置无法读取（{fields}），已恢复为默认值。你的设置文件已另存为 {backup}。</translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Ask before coupons, flash sales and price changes</source>
        <translation>发券、秒杀和改价前先确认</translation>
    </message>
    <message>
        <source>In that question, Enter fires (otherwise Enter cancels)</source>
        <translation>确认时按回车即执行（否则回车为取消）</translation>
    </message>
    <message>
        <source>Follow the system</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source> comments/s</source>
        <translation> 条/秒</translation>
    </message>
    <message>
        <source>Your name in the journal</source>
        <translation>操作日志中的姓名</translation>
    </message>
    <message>
        <source>Language (after restart)</source>
        <translation>界面语言（重启后生效）</translation>
    </message>
    <message>
        <source>Demo audience (bundled Studio)</source>
        <translation>演示观众（内置 Studio）</translation>
    </message>
    <message>
        <source>ask this seat, which presses it</source>
        <translation>询问本席位，由本席位执行</translation>
    </message>
    <message>
        <source>is refused, with the reason</source>
        <translation>拒绝，并说明原因</translation>
    </message>
    <message>
        <source>When this seat runs the show for a crew on a Studio room</source>
        <translation>本席位在 Studio 直播间为团队主控直播脚本时</translation>
    </message>
    <message>
        <source>GO pressed on a following seat</source>
        <translation>跟随席位按下 GO 时</translation>
    </message>
    <message>
        <source>The settings could not be saved ({error}); nothing was changed.</source>
        <translation>设置无法保存（{error}），未做任何更改。</translation>
    </message>
</context>
<context>
    <name>ShelfFeature</name>
    <message>
        <source>Products across platforms…</source>
        <translation>跨平台商品对应…</translation>
    </message>
    <message>
        <source>Which product and coupon on each platform of the room is the catalog&apos;s one</source>
        <translation>直播间每个平台上的哪个商品和优惠券对应商品库里的那一个</translation>
    </message>
</context>
<context>
    <name>ShelfModel</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Sold</source>
        <translation>已售</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>working…</source>
        <translation>处理中…</translation>
    </message>
    <message>
        <source>● Sold out</source>
        <translation>● 已售罄</translation>
    </message>
    <message>
        <source>Sold out</source>
        <translation>已售罄</translation>
    </message>
    <message>
        <source>● On stage</source>
        <translation>● 讲解中</translation>
    </message>
    <message>
        <source>On sale</source>
        <translation>在售</translation>
    </message>
    <message>
        <source>Off sale</source>
        <translation>已下架</translation>
    </message>
    <message>
        <source>stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Sold out while on stage: put another product on stage</source>
        <translation>讲解中的商品已售罄：请换一个商品讲解</translation>
    </message>
    <message>
        <source>Sold out: no stock left</source>
        <translation>已售罄：没有库存了</translation>
    </message>
</context>
<context>
    <name>ShelfPanel</name>
    <message>
        <source>Put on stage</source>
        <translation>讲解</translation>
    </message>
    <message>
        <source>Put the selected product on stage (讲解), or take it off the stage when it is on (Space)</source>
        <translation>讲解选中的商品；正在讲解时再按则结束讲解（空格）</translation>
    </message>
    <message>
        <source>On/off sale (S)</source>
        <translation>上/下架(S)</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Price…</source>
        <translation>改价…</translation>
    </message>
    <message>
        <source>Change the price of one of the selected product&apos;s SKUs</source>
        <translation>修改选中商品某个规格的价格</translation>
    </message>
    <message>
        <source>Search the shelf…</source>
        <translation>搜索货架…</translation>
    </message>
    <message>
        <source>No products on the shelf yet. Open the Catalog tab and list some.</source>
        <translation>货架上还没有商品。打开“商品库”标签页上架一些商品。</translation>
    </message>
    <message>
        <source>Shelf</source>
        <translation>货架</translation>
    </message>
    <message>
        <source>List</source>
        <translation>上架</translation>
    </message>
    <message>
        <source>One click on List puts a product into the room.</source>
        <translation>点击“上架”即可把商品加入直播间。</translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation>商品库</translation>
    </message>
    <message>
        <source>There is no product number {n} on the shelf.</source>
        <translation>货架上没有 {n} 号商品。</translation>
    </message>
    <message>
        <source>“{product}” was taken off the shelf.</source>
        <translation>“{product}”已从货架移除。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
</context>
<context>
    <name>Show</name>
    <message>
        <source>show title</source>
        <translation>直播标题</translation>
    </message>
    <message>
        <source>segment title</source>
        <translation>环节标题</translation>
    </message>
    <message>
        <source>talking points</source>
        <translation>话术</translation>
    </message>
    <message>
        <source>message to the anchor</source>
        <translation>给主播的提示</translation>
    </message>
    <message>
        <source>announcement to the room</source>
        <translation>直播间公告</translation>
    </message>
    <message>
        <source>red packet greeting</source>
        <translation>红包祝福语</translation>
    </message>
    <message>
        <source>lucky bag prize</source>
        <translation>福袋奖品</translation>
    </message>
    <message>
        <source>“{word}” ({group}): {rule}</source>
        <translation>“{word}”（{group}）：{rule}</translation>
    </message>
    <message>
        <source>“{word}” is on your list of words to avoid</source>
        <translation>“{word}”在你的禁用词表中</translation>
    </message>
    <message>
        <source>show date</source>
        <translation>直播日期</translation>
    </message>
    <message>
        <source>planned start</source>
        <translation>计划开播时间</translation>
    </message>
    <message>
        <source>target length</source>
        <translation>目标时长</translation>
    </message>
    <message>
        <source>duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>start mode</source>
        <translation>开始方式</translation>
    </message>
    <message>
        <source>fixed start time</source>
        <translation>固定开始时间</translation>
    </message>
    <message>
        <source>products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>cue action</source>
        <translation>动作</translation>
    </message>
    <message>
        <source>cue timing</source>
        <translation>触发时间</translation>
    </message>
    <message>
        <source>cue mode</source>
        <translation>触发方式</translation>
    </message>
    <message>
        <source>cue note</source>
        <translation>动作备注</translation>
    </message>
    <message>
        <source>A show has no field “{field}”</source>
        <translation>直播脚本没有“{field}”这一项</translation>
    </message>
    <message>
        <source>“{value}” is not a valid {field}</source>
        <translation>“{value}”不是有效的{field}</translation>
    </message>
    <message>
        <source>A segment has no field “{field}”</source>
        <translation>环节没有“{field}”这一项</translation>
    </message>
    <message>
        <source>A cue has no field “{field}”</source>
        <translation>动作没有“{field}”这一项</translation>
    </message>
    <message>
        <source>There is no segment “{id}” in this show</source>
        <translation>本场没有环节“{id}”</translation>
    </message>
    <message>
        <source>There is no cue “{id}” in this show</source>
        <translation>本场没有动作“{id}”</translation>
    </message>
    <message>
        <source>Edit {field}</source>
        <translation>修改{field}</translation>
    </message>
    <message>
        <source>Replace the show</source>
        <translation>替换整场脚本</translation>
    </message>
    <message>
        <source>Add segment “{title}”</source>
        <translation>添加环节“{title}”</translation>
    </message>
    <message>
        <source>Remove segment “{title}”</source>
        <translation>删除环节“{title}”</translation>
    </message>
    <message>
        <source>Duplicate segment “{title}”</source>
        <translation>复制环节“{title}”</translation>
    </message>
    <message>
        <source>Move segment “{title}”</source>
        <translation>移动环节“{title}”</translation>
    </message>
    <message>
        <source>Add cue “{cue}”</source>
        <translation>添加动作“{cue}”</translation>
    </message>
    <message>
        <source>Remove cue “{cue}”</source>
        <translation>删除动作“{cue}”</translation>
    </message>
    <message>
        <source>Move cue “{cue}”</source>
        <translation>移动动作“{cue}”</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>fixed time</source>
        <translation>固定时间</translation>
    </message>
    <message>
        <source>Run sheet from Anchor Console</source>
        <translation>由中控台导出的直播流程单</translation>
    </message>
    <message>
        <source>Run sheet</source>
        <translation>流程单</translation>
    </message>
    <message>
        <source>planned {length}</source>
        <translation>计划 {length}</translation>
    </message>
    <message>
        <source>target {length}</source>
        <translation>目标 {length}</translation>
    </message>
    <message>
        <source>Cues</source>
        <translation>动作</translation>
    </message>
    <message>
        <source>Gap of {time} before the fixed start</source>
        <translation>固定开始前空档 {time}</translation>
    </message>
    <message>
        <source>Overlaps the previous segment by {time}</source>
        <translation>与上一环节重叠 {time}</translation>
    </message>
    <message>
        <source>at segment start</source>
        <translation>环节开始时</translation>
    </message>
    <message>
        <source>{time} after start</source>
        <translation>开始后 {time}</translation>
    </message>
    <message>
        <source>{time} before end</source>
        <translation>结束前 {time}</translation>
    </message>
    <message>
        <source>at segment end</source>
        <translation>环节结束时</translation>
    </message>
    <message>
        <source>auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>confirm</source>
        <translation>确认后执行</translation>
    </message>
    <message>
        <source>manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <source>Put {product} on stage</source>
        <translation>讲解 {product}</translation>
    </message>
    <message>
        <source>no product chosen</source>
        <translation>未选择商品</translation>
    </message>
    <message>
        <source>Put {product} on sale</source>
        <translation>上架 {product}</translation>
    </message>
    <message>
        <source>Take {product} off sale</source>
        <translation>下架 {product}</translation>
    </message>
    <message>
        <source>Issue {quantity} × {coupon} coupons (valid {minutes} min)</source>
        <translation>发放 {quantity} 张 {coupon} 优惠券（有效 {minutes} 分钟）</translation>
    </message>
    <message>
        <source>no coupon template chosen</source>
        <translation>未选择优惠券模板</translation>
    </message>
    <message>
        <source>the quantity must be from 1 to {max}</source>
        <translation>数量须在 1 到 {max} 之间</translation>
    </message>
    <message>
        <source>the coupons stay valid from 1 minute to {days} days</source>
        <translation>优惠券有效期须在 1 分钟到 {days} 天之间</translation>
    </message>
    <message>
        <source>Flash sale: {product} at {price}, {stock} in stock</source>
        <translation>秒杀：{product} {price}，库存 {stock}</translation>
    </message>
    <message>
        <source>no SKU chosen</source>
        <translation>未选择 SKU</translation>
    </message>
    <message>
        <source>Mute the whole room</source>
        <translation>全员禁言</translation>
    </message>
    <message>
        <source>Unmute the room</source>
        <translation>解除全员禁言</translation>
    </message>
    <message>
        <source>Message to the anchor: {text}</source>
        <translation>提示主播：{text}</translation>
    </message>
    <message>
        <source>the message is empty</source>
        <translation>提示内容为空</translation>
    </message>
    <message>
        <source>comment “{keyword}”</source>
        <translation>评论“{keyword}”</translation>
    </message>
    <message>
        <source>Lucky bag “{prize}”: {winners} winners, {rule}, draw after {countdown}</source>
        <translation>福袋“{prize}”：{winners} 人中奖，{rule}，{countdown} 后开奖</translation>
    </message>
    <message>
        <source>Red packet: {amount} in {count} shares</source>
        <translation>红包：{amount} 分成 {count} 份</translation>
    </message>
    <message>
        <source>{when}: {action}</source>
        <translation>{when}：{action}</translation>
    </message>
    <message>
        <source>Segment id “{id}” is empty or used twice</source>
        <translation>环节编号“{id}”为空或重复</translation>
    </message>
    <message>
        <source>“{title}” has a negative duration</source>
        <translation>“{title}”的时长为负数</translation>
    </message>
    <message>
        <source>“{title}” has a hard start but no time</source>
        <translation>“{title}”设为固定时间开始，但没有填时间</translation>
    </message>
    <message>
        <source>Cue id “{id}” is empty or used twice</source>
        <translation>动作编号“{id}”为空或重复</translation>
    </message>
    <message>
        <source>“{title}”, cue “{cue}”: {problem}</source>
        <translation>“{title}”的动作“{cue}”：{problem}</translation>
    </message>
    <message>
        <source>“{title}”, cue “{cue}” is due after the segment&apos;s planned end</source>
        <translation>“{title}”的动作“{cue}”在环节计划结束之后才触发</translation>
    </message>
    <message>
        <source>The show has hard starts but no planned start time</source>
        <translation>有固定时间的环节，但整场没有计划开播时间</translation>
    </message>
    <message>
        <source>Line {line}, column {column}: {problem}</source>
        <translation>第 {line} 行第 {column} 列：{problem}</translation>
    </message>
    <message>
        <source>Line {line}: {problem}</source>
        <translation>第 {line} 行：{problem}</translation>
    </message>
    <message>
        <source>{file} cannot be opened:</source>
        <translation>无法打开 {file}：</translation>
    </message>
    <message>
        <source>{head}
{problems}</source>
        <translation>{head}
{problems}</translation>
    </message>
    <message>
        <source>this is not valid TOML (a number in it is thousands of digits long)</source>
        <translation>这不是有效的 TOML（其中一个数字长达数千位）</translation>
    </message>
    <message>
        <source>this is not valid TOML (a key or table is written a second time)</source>
        <translation>这不是有效的 TOML（某个键或表写了两次）</translation>
    </message>
    <message>
        <source>At the end of the file: this is not valid TOML (a quote or bracket opened earlier is not closed)</source>
        <translation>文件末尾：这不是有效的 TOML（前面打开的引号或括号没有闭合）</translation>
    </message>
    <message>
        <source>this is not valid TOML (a quote, bracket or “=” is missing or extra)</source>
        <translation>这不是有效的 TOML（少了或多了引号、括号或“=”）</translation>
    </message>
    <message>
        <source>the show would be a file of {size} MB, and a show file of more than {max} MB cannot be opened again: shorten its longest talking points or notes</source>
        <translation>脚本文件将达到 {size} MB，超过 {max} MB 的脚本文件无法再次打开：请缩短最长的话术或备注</translation>
    </message>
    <message>
        <source>cannot save the file: {reason}</source>
        <translation>无法保存文件：{reason}</translation>
    </message>
    <message>
        <source>{path}: expected {expected}, found {found}</source>
        <translation>{path}：应为{expected}，实际是 {found}</translation>
    </message>
    <message>
        <source>{path}: this field is required</source>
        <translation>{path}：必须填写此项</translation>
    </message>
    <message>
        <source>{path}: unknown field (a typo? known fields here: {known})</source>
        <translation>{path}：未知字段（是否拼写错误？此处可用字段：{known}）</translation>
    </message>
    <message>
        <source>text in quotes</source>
        <translation>带引号的文字</translation>
    </message>
    <message>
        <source>{path}: an id cannot be empty</source>
        <translation>{path}：ID 不能为空</translation>
    </message>
    <message>
        <source>true or false</source>
        <translation>true 或 false</translation>
    </message>
    <message>
        <source>a whole number</source>
        <translation>整数</translation>
    </message>
    <message>
        <source>{path}: must be at least {minimum}, not {value}</source>
        <translation>{path}：至少为 {minimum}，不能是 {value}</translation>
    </message>
    <message>
        <source>{path}: {problem}</source>
        <translation>{path}：{problem}</translation>
    </message>
    <message>
        <source>true/false</source>
        <translation>true/false（是/否）</translation>
    </message>
    <message>
        <source>a decimal number</source>
        <translation>小数</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文字</translation>
    </message>
    <message>
        <source>a date and time</source>
        <translation>日期和时间</translation>
    </message>
    <message>
        <source>a date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>a time of day</source>
        <translation>时刻</translation>
    </message>
    <message>
        <source>a list</source>
        <translation>列表</translation>
    </message>
    <message>
        <source>a table</source>
        <translation>表</translation>
    </message>
    <message>
        <source>{path}: expected a date like 2026-03-08, found {value}</source>
        <translation>{path}：应为日期，例如 2026-03-08，实际是 {value}</translation>
    </message>
    <message>
        <source>{path}: expected a time of day like 20:30:00, found {value}</source>
        <translation>{path}：应为时间，例如 20:30:00，实际是 {value}</translation>
    </message>
    <message>
        <source>{path}: expected a price in yuan like &quot;59.90&quot;, found {value}</source>
        <translation>{path}：应为以元为单位的价格，例如 &quot;59.90&quot;，实际是 {value}</translation>
    </message>
    <message>
        <source>{path}: “{value}” is not a duration (write minutes:seconds like &quot;10:00&quot;, hours:minutes:seconds like &quot;1:30:00&quot;, or seconds)</source>
        <translation>{path}：“{value}”不是时长（请写成 分:秒 如 &quot;10:00&quot;、时:分:秒 如 &quot;1:30:00&quot;，或秒数）</translation>
    </message>
    <message>
        <source>{path}: “{value}” is not one of: {choices}</source>
        <translation>{path}：“{value}”不在可选值中：{choices}</translation>
    </message>
    <message>
        <source>a [[segments.cues]] table</source>
        <translation>一个 [[segments.cues]] 表</translation>
    </message>
    <message>
        <source>{path}: “before” goes with when = &quot;end&quot;</source>
        <translation>{path}：“before”只能与 when = &quot;end&quot; 一起使用</translation>
    </message>
    <message>
        <source>{path}: “after” goes with when = &quot;offset&quot;</source>
        <translation>{path}：“after”只能与 when = &quot;offset&quot; 一起使用</translation>
    </message>
    <message>
        <source>{path}: not used when the cue fires at the segment start</source>
        <translation>{path}：动作在环节开始时触发，不需要此项</translation>
    </message>
    <message>
        <source>a list of products with an id and a name</source>
        <translation>商品列表（每个商品有 id 和 name）</translation>
    </message>
    <message>
        <source>a product with an id and a name</source>
        <translation>带 id 和 name 的商品</translation>
    </message>
    <message>
        <source>a [[segments]] table</source>
        <translation>一个 [[segments]] 表</translation>
    </message>
    <message>
        <source>{path}: a hard start needs a time of day (at = 20:30:00)</source>
        <translation>{path}：固定时间开始需要填写时间（at = 20:30:00）</translation>
    </message>
    <message>
        <source>{path}: a time is only used with start = &quot;hard&quot;</source>
        <translation>{path}：只有 start = &quot;hard&quot; 时才需要时间</translation>
    </message>
    <message>
        <source>[[segments.cues]] tables</source>
        <translation>[[segments.cues]] 表</translation>
    </message>
    <message>
        <source>This is not an Anchor Console show file (expected format = &quot;{expected}&quot;)</source>
        <translation>这不是中控台的直播脚本文件（应为 format = &quot;{expected}&quot;）</translation>
    </message>
    <message>
        <source>version: expected a whole number like {version}</source>
        <translation>version：应为整数，例如 {version}</translation>
    </message>
    <message>
        <source>This show was made by a newer Anchor Console (file version {found}; this app reads version {supported}). Update Anchor Console to open it.</source>
        <translation>此脚本由更新版本的中控台创建（文件版本 {found}，当前程序可读版本 {supported}）。请升级中控台后再打开。</translation>
    </message>
    <message>
        <source>[[segments]] tables</source>
        <translation>[[segments]] 表</translation>
    </message>
    <message>
        <source>{path}: id “{id}” is already used by {other}</source>
        <translation>{path}：编号“{id}”已被 {other} 使用</translation>
    </message>
    <message>
        <source>All segments together: {problem}</source>
        <translation>所有环节合计：{problem}</translation>
    </message>
    <message>
        <source>lists or tables are nested more than {max} deep</source>
        <translation>列表或表格嵌套超过 {max} 层</translation>
    </message>
    <message>
        <source>the text holds an invalid character (a lone surrogate, U+{code:04X})</source>
        <translation>文本中有无效字符（孤立的代理项 U+{code:04X}）</translation>
    </message>
    <message>
        <source>cannot read the file: {reason}</source>
        <translation>无法读取文件：{reason}</translation>
    </message>
    <message>
        <source>the file is larger than {size} MB: it is not a show file</source>
        <translation>文件大于 {size} MB，不是直播脚本文件</translation>
    </message>
    <message>
        <source>the file is not UTF-8 text (was it saved by another program?)</source>
        <translation>文件不是 UTF-8 文本（是否被其他程序另存过？）</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>Products</source>
        <translation>商品</translation>
    </message>
    <message>
        <source>Product ID</source>
        <translation>商品ID</translation>
    </message>
    <message>
        <source>Talking points</source>
        <translation>话术</translation>
    </message>
    <message>
        <source>Perks and offers</source>
        <translation>福利</translation>
    </message>
    <message>
        <source>Notes for the assistant</source>
        <translation>场控配合</translation>
    </message>
    <message>
        <source>Live price</source>
        <translation>直播价</translation>
    </message>
    <message>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <source>Fixed start time</source>
        <translation>固定开始时间</translation>
    </message>
    <message>
        <source>{file} is not a readable .xlsx workbook ({reason}). Old .xls files: save them as .xlsx first.</source>
        <translation>{file} 不是可读取的 .xlsx 工作簿（{reason}）。旧版 .xls 文件请先另存为 .xlsx。</translation>
    </message>
    <message>
        <source>{file} is damaged and cannot be read ({reason})</source>
        <translation>{file} 已损坏，无法读取（{reason}）</translation>
    </message>
    <message>
        <source>The sheet has more than {max} rows; only the first {max} were read</source>
        <translation>表格超过 {max} 行，只读取了前 {max} 行</translation>
    </message>
    <message>
        <source>The sheet has more than {max} columns; only the first {max} were read</source>
        <translation>表格超过 {max} 列，只读取了前 {max} 列</translation>
    </message>
    <message>
        <source>Only the first {max} merged ranges were read</source>
        <translation>只读取了前 {max} 个合并单元格区域</translation>
    </message>
    <message>
        <source>parts of the workbook are missing or damaged</source>
        <translation>工作簿的部分内容缺失或已损坏</translation>
    </message>
    <message>
        <source>a cell holds more than {max} characters, or a quote is not closed</source>
        <translation>某个单元格超过 {max} 个字符，或有引号没有闭合</translation>
    </message>
    <message>
        <source>an old .xls file or a password-protected workbook</source>
        <translation>是旧版 .xls 文件或设有密码保护的工作簿</translation>
    </message>
    <message>
        <source>it is not a zip archive</source>
        <translation>不是 zip 压缩格式</translation>
    </message>
    <message>
        <source>{file} unpacks to {size} MB of sheet data, more than a run-of-show can hold</source>
        <translation>{file} 解压后有 {size} MB 表格数据，超出直播脚本的容量</translation>
    </message>
    <message>
        <source>The workbook holds more than {size} MB of cells; only the first part was read</source>
        <translation>工作簿的单元格数据超过 {size} MB，只读取了前面一部分</translation>
    </message>
    <message>
        <source>Cannot read {file}: {reason}</source>
        <translation>无法读取 {file}：{reason}</translation>
    </message>
    <message>
        <source>{file} is larger than {size} MB, more than a run-of-show can be</source>
        <translation>{file} 大于 {size} MB，超出直播脚本的容量</translation>
    </message>
    <message>
        <source>{file} does not exist</source>
        <translation>{file} 不存在</translation>
    </message>
    <message>
        <source>{file}: only .xlsx and .csv spreadsheets can be imported</source>
        <translation>{file}：只能导入 .xlsx 和 .csv 表格</translation>
    </message>
    <message>
        <source>“{text}” is not a time or a time range (like 20:00-20:10)</source>
        <translation>“{text}”不是时间或时间段（例如 20:00-20:10）</translation>
    </message>
    <message>
        <source>{count} products have no catalog ID yet; link them to the catalog in the editor</source>
        <translation>有 {count} 个商品还没有商品ID，请在编辑器中关联到商品库</translation>
    </message>
    <message>
        <source>“{text}” is not a duration (like 10分钟, 10:00 or 1.5h)</source>
        <translation>“{text}”不是时长（例如 10分钟、10:00 或 1.5h）</translation>
    </message>
    <message>
        <source>One time range covers {count} segments; it was shared out equally</source>
        <translation>一个时间段跨了 {count} 个环节，已平均分配</translation>
    </message>
    <message>
        <source>From “{title}” on, the show would be longer than {max}: the durations of {count} segments were not used</source>
        <translation>从“{title}”起整场直播会超过 {max}：有 {count} 个环节的时长未被使用</translation>
    </message>
    <message>
        <source>Suggested cue “{cue}”: {problem}</source>
        <translation>建议的动作“{cue}”：{problem}</translation>
    </message>
    <message>
        <source>“{title}” has no duration; set one in the editor</source>
        <translation>“{title}”没有时长，请在编辑器中填写</translation>
    </message>
    <message>
        <source>This column is not used: “{used}” is read as {field}</source>
        <translation>此列未使用：已将“{used}”读作{field}</translation>
    </message>
    <message>
        <source>From this row on, the sheet is not read: {problem}</source>
        <translation>从这一行起，表格不再读入：{problem}</translation>
    </message>
    <message>
        <source>“{text}” was read as {duration} ({guess}); check it</source>
        <translation>“{text}”读作 {duration}（{guess}），请核对</translation>
    </message>
    <message>
        <source>a stock is between 0 and {max}</source>
        <translation>库存应在 0 到 {max} 之间</translation>
    </message>
    <message>
        <source>“{text}” is not used: {problem}</source>
        <translation>未使用“{text}”：{problem}</translation>
    </message>
    <message>
        <source>“{text}” is not a time of day</source>
        <translation>“{text}”不是时间</translation>
    </message>
    <message>
        <source>There is no sheet “{sheet}” in {file}</source>
        <translation>{file} 中没有工作表“{sheet}”</translation>
    </message>
    <message>
        <source>Read the sheet “{sheet}”; the workbook has {count} sheets (choose another one to read it)</source>
        <translation>已读取工作表“{sheet}”；该工作簿共有 {count} 个工作表（选择其他工作表可改为读取它）</translation>
    </message>
    <message>
        <source>The sheet “{sheet}” is hidden in the workbook</source>
        <translation>工作表“{sheet}”在工作簿中是隐藏的</translation>
    </message>
    <message>
        <source>{count} rows hidden in the sheet were not imported (rows {rows})</source>
        <translation>工作表中有 {count} 行被隐藏，未导入（第 {rows} 行）</translation>
    </message>
    <message>
        <source>{count} formulas in this column have no saved result and were read as empty (rows {rows}): open the file in Excel or WPS and save it there, then import it again</source>
        <translation>此列有 {count} 个公式没有保存计算结果，已按空值读取（第 {rows} 行）：请用 Excel 或 WPS 打开并保存该文件，再重新导入</translation>
    </message>
    <message>
        <source>No header row found in {file}: expected columns like 时间, 环节, 时长, 商品, 话术, 福利</source>
        <translation>在 {file} 中找不到表头：应包含 时间、环节、时长、商品、话术、福利 等列</translation>
    </message>
    <message>
        <source>No column of {file} is used; choose what the columns hold</source>
        <translation>{file} 没有任何列被使用，请为各列选择对应内容</translation>
    </message>
    <message>
        <source>The show cannot run: the id “{id}” is used twice</source>
        <translation>无法开播：编号“{id}”重复使用</translation>
    </message>
    <message>
        <source>Cannot save the show&apos;s run state to {path}: {reason}</source>
        <translation>无法把直播进度保存到 {path}：{reason}</translation>
    </message>
    <message>
        <source>Cannot resume the show from {path}: {reason}</source>
        <translation>无法从 {path} 恢复直播：{reason}</translation>
    </message>
    <message>
        <source>Fired on the seat that ran the show before this one took over</source>
        <translation>已由接手前运行脚本的席位执行</translation>
    </message>
    <message>
        <source>The run-state file {path} does not say which show ran</source>
        <translation>运行状态文件 {path} 没有说明运行的是哪个脚本</translation>
    </message>
    <message>
        <source>The show file was changed while the show was running, so the run was not resumed: “{cue}”, already fired, is no longer in it as it was, and could be sent again</source>
        <translation>脚本文件在直播运行期间被修改，因此没有恢复运行：已执行的“{cue}”在文件中已不是原样，可能会被再次发送</translation>
    </message>
    <message>
        <source>{path} is not a show run-state file</source>
        <translation>{path} 不是直播进度文件</translation>
    </message>
    <message>
        <source>{path} was written by a newer Anchor Console</source>
        <translation>{path} 由更新版本的中控台写入</translation>
    </message>
    <message>
        <source>The run-state file {path} is damaged: {reason}</source>
        <translation>直播进度文件 {path} 已损坏：{reason}</translation>
    </message>
    <message>
        <source>The console stopped before the platform answered</source>
        <translation>平台回复前中控台已退出</translation>
    </message>
    <message>
        <source>The segment that was on air (“{id}”) is no longer in the show</source>
        <translation>直播中断时正在进行的环节（“{id}”）已不在脚本中</translation>
    </message>
    <message>
        <source>The show is not running</source>
        <translation>直播脚本未在运行</translation>
    </message>
    <message>
        <source>The show has already started</source>
        <translation>直播已经开始</translation>
    </message>
    <message>
        <source>The show has not started</source>
        <translation>直播脚本还没开始</translation>
    </message>
    <message>
        <source>This is the first segment</source>
        <translation>这已是第一个环节</translation>
    </message>
    <message>
        <source>Only a segment that has not started can be skipped (“{title}”)</source>
        <translation>只能跳过还没开始的环节（“{title}”）</translation>
    </message>
    <message>
        <source>“{title}” is not skipped</source>
        <translation>“{title}”没有被跳过</translation>
    </message>
    <message>
        <source>“{title}” is behind us already</source>
        <translation>“{title}”已经过去了</translation>
    </message>
    <message>
        <source>The segment on air cannot be removed while live</source>
        <translation>直播中不能删除正在进行的环节</translation>
    </message>
    <message>
        <source>The cue got no clear answer</source>
        <translation>动作没有得到明确答复</translation>
    </message>
    <message>
        <source>The cue could not be sent: {error}</source>
        <translation>动作发送失败：{error}</translation>
    </message>
    <message>
        <source>“{cue}” is not waiting for a go</source>
        <translation>“{cue}”没有在等待确认</translation>
    </message>
    <message>
        <source>“{cue}” was already fired in this show; use retry if it failed</source>
        <translation>“{cue}”本场已执行过；如失败请用重试</translation>
    </message>
    <message>
        <source>“{cue}” has not failed</source>
        <translation>“{cue}”没有失败</translation>
    </message>
    <message>
        <source>No platform of this room can do this</source>
        <translation>该直播间的平台都不支持此操作</translation>
    </message>
    <message>
        <source>{platform}: {reason}</source>
        <translation>{platform}：{reason}</translation>
    </message>
    <message>
        <source>No answer from the platform; retrying is safe ({detail})</source>
        <translation>平台没有回应；重试是安全的（{detail}）</translation>
    </message>
    <message>
        <source>The cue failed</source>
        <translation>动作执行失败</translation>
    </message>
    <message>
        <source>End the running show before loading another one.</source>
        <translation>请先结束正在运行的脚本，再加载另一个。</translation>
    </message>
    <message>
        <source>“{file}” cannot be run:</source>
        <translation>“{file}”无法运行：</translation>
    </message>
    <message>
        <source>The running show was not changed:</source>
        <translation>正在运行的脚本未做更改：</translation>
    </message>
    <message>
        <source>This show has problems to fix first:</source>
        <translation>这个脚本有问题需要先修正：</translation>
    </message>
    <message>
        <source>This show is dated {date}, not today: its times were planned for today.</source>
        <translation>这场直播的日期是 {date}，不是今天：已按今天安排各环节时间。</translation>
    </message>
    <message>
        <source>The show file was changed since the show started: the show goes on as it was running; its changes were not applied.</source>
        <translation>脚本文件在开播后被修改过：直播按原来运行的脚本继续；这些修改没有生效。</translation>
    </message>
    <message>
        <source>A show was running when the console closed, but it could not be resumed ({error}).</source>
        <translation>中控台关闭时有脚本在运行，但无法恢复（{error}）。</translation>
    </message>
    <message>
        <source>Resumed the running show at “{segment}”. Cues already fired were not fired again.</source>
        <translation>已从“{segment}”恢复运行中的脚本。已经执行过的动作不会再次执行。</translation>
    </message>
    <message>
        <source>The show that was running when the console closed is being resumed: wait a moment.</source>
        <translation>正在恢复中控台关闭时正在进行的流程单，请稍候。</translation>
    </message>
    <message>
        <source>Cue failed: {cue}</source>
        <translation>动作执行失败：{cue}</translation>
    </message>
    <message>
        <source>Retry cue</source>
        <translation>重新执行动作</translation>
    </message>
    <message>
        <source>Leave it unlinked</source>
        <translation>暂不关联</translation>
    </message>
    <message>
        <source>Use the sheet&apos;s ID</source>
        <translation>使用表格中的 ID</translation>
    </message>
    <message>
        <source>Link it by name</source>
        <translation>按名称关联</translation>
    </message>
    <message>
        <source>“{name}” has product ID {id}, but the catalog&apos;s {id} is “{catalog}”; it was not linked — choose below whether to use the ID, link it by name or leave it unlinked</source>
        <translation>“{name}”的商品 ID 是 {id}，但商品库中的 {id} 是“{catalog}”，因此没有关联——请在下方选择使用该 ID、按名称关联或暂不关联</translation>
    </message>
    <message>
        <source>“{name}” has product ID {id}, which is not in the catalog; check the ID (it was kept as the sheet wrote it)</source>
        <translation>“{name}”的商品 ID {id} 不在商品库中；请核对 ID（已按表格所写保留）</translation>
    </message>
    <message>
        <source>Product ID {id} is not in the catalog; check the ID (it was kept as the sheet wrote it)</source>
        <translation>商品 ID {id} 不在商品库中；请核对 ID（已按表格所写保留）</translation>
    </message>
    <message>
        <source>a time of day read as minutes:seconds</source>
        <translation>把时刻读作 分:秒</translation>
    </message>
    <message>
        <source>a number read as Excel&apos;s fraction of a day</source>
        <translation>把数字按 Excel 的“天的小数”读取</translation>
    </message>
    <message>
        <source>a number formatted as a date, read as the number</source>
        <translation>数字被设成了日期格式，按数字读取</translation>
    </message>
    <message>
        <source>a duration cannot be negative</source>
        <translation>时长不能为负数</translation>
    </message>
    <message>
        <source>{value} is longer than the longest allowed ({maximum})</source>
        <translation>{value} 超过了允许的最长时长（{maximum}）</translation>
    </message>
    <message>
        <source>a show has at most {max} segments, not {count}</source>
        <translation>一场直播最多 {max} 个环节，这里有 {count} 个</translation>
    </message>
    <message>
        <source>{value} is not between {minimum} and {maximum}</source>
        <translation>{value} 不在 {minimum} 到 {maximum} 之间</translation>
    </message>
    <message>
        <source>a price is between ¥0.00 and {maximum}</source>
        <translation>价格应在 ¥0.00 到 {maximum} 之间</translation>
    </message>
    <message>
        <source>{value} is not a date between {earliest} and {latest}</source>
        <translation>{value} 不是 {earliest} 到 {latest} 之间的日期</translation>
    </message>
    <message>
        <source>“{text}”: {problem}</source>
        <translation>“{text}”：{problem}</translation>
    </message>
    <message>
        <source>Slow mode off</source>
        <translation>关闭慢速模式</translation>
    </message>
    <message>
        <source>Slow mode: {seconds} s</source>
        <translation>慢速模式：{seconds} 秒</translation>
    </message>
    <message>
        <source>Followers-only chat off</source>
        <translation>关闭仅粉丝评论</translation>
    </message>
    <message>
        <source>Followers-only chat: any follower</source>
        <translation>仅粉丝评论：任何粉丝</translation>
    </message>
    <message>
        <source>Followers-only chat: followed for {duration}</source>
        <translation>仅粉丝评论：关注满 {duration}</translation>
    </message>
    <message>
        <source>slow mode waits {low} to {high} seconds (0: off)</source>
        <translation>慢速模式间隔为 {low} 到 {high} 秒（0 为关闭）</translation>
    </message>
    <message>
        <source>followers-only chat asks for 0 minutes to {days} days of following</source>
        <translation>仅粉丝评论要求关注 0 分钟到 {days} 天</translation>
    </message>
    <message>
        <source>Shield mode on</source>
        <translation>开启防护模式</translation>
    </message>
    <message>
        <source>Shield mode off</source>
        <translation>关闭防护模式</translation>
    </message>
    <message>
        <source>Announce to the room: {text}</source>
        <translation>向全场发公告：{text}</translation>
    </message>
    <message>
        <source>the announcement is empty</source>
        <translation>公告内容为空</translation>
    </message>
    <message>
        <source>an announcement has at most {max} characters</source>
        <translation>公告最多 {max} 个字符</translation>
    </message>
    <message>
        <source>the announcement&apos;s colour is one of: {colors}</source>
        <translation>公告颜色须为以下之一：{colors}</translation>
    </message>
    <message>
        <source>Anchor Console keeps the show&apos;s full settings here so the run sheet imports back whole. Edit the run sheet, not this sheet.</source>
        <translation>中控台在此保存本场直播的完整设置，以便流程单原样导回。请编辑流程单，不要改动本表。</translation>
    </message>
    <message>
        <source>This run sheet&apos;s Anchor Console record could not be used ({why}); the sheet was read as any other run sheet, so cue settings it does not show must be checked in the editor.</source>
        <translation>此流程单中的中控台记录无法使用（{why}）；已按普通流程单读取，表中未显示的动作设置请在编辑器中核对。</translation>
    </message>
    <message>
        <source>This run sheet was exported by Anchor Console: {count} cues came back with all their settings from its record.</source>
        <translation>此流程单由中控台导出：{count} 个动作已从其记录中完整恢复全部设置。</translation>
    </message>
    <message>
        <source>it is not a record this version of the console reads</source>
        <translation>不是本版本中控台能读取的记录</translation>
    </message>
    <message>
        <source>it is incomplete: the workbook is larger than the console reads, or the record was cut</source>
        <translation>记录不完整：工作簿超出了中控台可读取的大小，或记录被截断</translation>
    </message>
    <message>
        <source>it was changed outside the console</source>
        <translation>记录已在中控台之外被改动</translation>
    </message>
    <message>
        <source>it does not read as a show</source>
        <translation>无法读取为直播脚本</translation>
    </message>
    <message>
        <source>“{cue}” was already fired in this run, so it cannot be removed while live</source>
        <translation>“{cue}”本场已执行过，直播中不能删除</translation>
    </message>
    <message>
        <source>“{cue}” was already fired in this run, so an edit cannot change what it does. To send other settings, add a new cue and fire it by hand</source>
        <translation>“{cue}”本场已执行过，编辑不能改变它的内容。如需按其他设置发送，请新增一个动作并手动执行</translation>
    </message>
    <message>
        <source>Cue “{cue}” is due {time} after the start, past the segment&apos;s end at {length}</source>
        <translation>动作“{cue}”定在开始后 {time}，超过了环节结束时间 {length}</translation>
    </message>
    <message>
        <source>Cue “{cue}” is due {time} before the end of a segment only {length} long: it fires at the start</source>
        <translation>动作“{cue}”定在结束前 {time}，但环节只有 {length}：它会在开始时触发</translation>
    </message>
    <message>
        <source>Product #{id} is not in the catalog</source>
        <translation>商品 #{id} 不在商品库中</translation>
    </message>
    <message>
        <source>Product “{name}” is not linked to the catalog</source>
        <translation>商品“{name}”没有关联到商品库</translation>
    </message>
    <message>
        <source>{field}: {problem}</source>
        <translation>{field}：{problem}</translation>
    </message>
    <message>
        <source>The segment has no title</source>
        <translation>环节没有标题</translation>
    </message>
    <message>
        <source>The segment&apos;s length is 0:00</source>
        <translation>环节时长为 0:00</translation>
    </message>
    <message>
        <source>Cue “{cue}”: {problem}</source>
        <translation>动作“{cue}”：{problem}</translation>
    </message>
</context>
<context>
    <name>ShowEditor</name>
    <message>
        <source>New show</source>
        <translation>新直播脚本</translation>
    </message>
    <message>
        <source>The recovery copy of your edits could not be written ({why}): save the show to keep them safe.</source>
        <translation>无法写入编辑内容的恢复副本（{why}）：请保存流程以免丢失。</translation>
    </message>
    <message>
        <source>on target</source>
        <translation>正好达标</translation>
    </message>
    <message>
        <source>{n} gap(s) before fixed starts, {t} in all</source>
        <translation>定时环节前有 {n} 处空档，共 {t}</translation>
    </message>
    <message>
        <source>{n} overlap(s) into fixed starts, {t} in all</source>
        <translation>有 {n} 处挤占了定时环节，共 {t}</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>no target</source>
        <translation>不设目标</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>脚本</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标时长</translation>
    </message>
    <message>
        <source>Add segment</source>
        <translation>添加环节</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Up</source>
        <translation>上移</translation>
    </message>
    <message>
        <source>Down</source>
        <translation>下移</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Segment</source>
        <translation>环节(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;New</source>
        <translation>新建(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>&amp;Import a spreadsheet (.xlsx, .csv)…</source>
        <translation>导入表格 (.xlsx, .csv)(&amp;I)…</translation>
    </message>
    <message>
        <source>Export to .xlsx…</source>
        <translation>导出为 .xlsx…</translation>
    </message>
    <message>
        <source>Export printable HTML…</source>
        <translation>导出可打印的 HTML…</translation>
    </message>
    <message>
        <source>Export PDF…</source>
        <translation>导出 PDF…</translation>
    </message>
    <message>
        <source>Edit my extra words to avoid…</source>
        <translation>编辑自定义禁用词…</translation>
    </message>
    <message>
        <source>Run this show in the console</source>
        <translation>在中控台运行此脚本</translation>
    </message>
    <message>
        <source>&amp;Add segment</source>
        <translation>添加环节(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Duplicate segment</source>
        <translation>复制环节(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Remove segment</source>
        <translation>删除环节(&amp;R)</translation>
    </message>
    <message>
        <source>Move segment &amp;up</source>
        <translation>环节上移(&amp;U)</translation>
    </message>
    <message>
        <source>Move segment do&amp;wn</source>
        <translation>环节下移(&amp;W)</translation>
    </message>
    <message>
        <source>&amp;Edit segment</source>
        <translation>编辑环节(&amp;E)</translation>
    </message>
    <message>
        <source>Add &amp;cue…</source>
        <translation>添加动作(&amp;C)…</translation>
    </message>
    <message>
        <source>Edit cue…</source>
        <translation>编辑动作…</translation>
    </message>
    <message>
        <source>Remove cue</source>
        <translation>删除动作</translation>
    </message>
    <message>
        <source>Move cue up</source>
        <translation>动作上移</translation>
    </message>
    <message>
        <source>Move cue down</source>
        <translation>动作下移</translation>
    </message>
    <message>
        <source>Go to the next &amp;problem</source>
        <translation>转到下一个问题(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>{what} ({keys})</source>
        <translation>{what}（{keys}）</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>关闭(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>Opening “{file}”…</source>
        <translation>正在打开“{file}”…</translation>
    </message>
    <message>
        <source>There are unsaved changes to this show from {time} (the console closed before they were saved), but “{file}” was changed since then, elsewhere. Restore them as a new untitled show? The file stays as it is now.</source>
        <translation>此脚本有 {time} 的未保存修改（中控台在保存前关闭了），但“{file}”之后在别处被修改过。要把这些修改恢复为一个新的未命名脚本吗？文件保持现状。</translation>
    </message>
    <message>
        <source>The unsaved changes could not be read back from “{file}”; nothing was changed:</source>
        <translation>无法从“{file}”读回未保存的修改；没有做任何改动：</translation>
    </message>
    <message>
        <source>Restoring the unsaved changes…</source>
        <translation>正在恢复未保存的修改…</translation>
    </message>
    <message>
        <source>Restored the unsaved changes as a new untitled show; “{file}” was not changed. Save them under a name of their own.</source>
        <translation>已把未保存的修改恢复为新的未命名脚本；“{file}”没有改动。请另起名字保存。</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>nothing was written to {file}</source>
        <translation>无法写入 {file}</translation>
    </message>
    <message>
        <source>Total {total}</source>
        <translation>合计 {total}</translation>
    </message>
    <message>
        <source>{d} over target</source>
        <translation>超出目标 {d}</translation>
    </message>
    <message>
        <source>{d} under target</source>
        <translation>比目标少 {d}</translation>
    </message>
    <message>
        <source>Saved with {n} problems still to fix: see the Check column.</source>
        <translation>已保存，还有 {n} 个问题待修改：见“检查”列。</translation>
    </message>
    <message>
        <source>&amp;Undo {what}</source>
        <translation>撤销(&amp;U) {what}</translation>
    </message>
    <message>
        <source>&amp;Redo {what}</source>
        <translation>重做(&amp;R) {what}</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>未设置</translation>
    </message>
    <message>
        <source>untitled</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Show editor — {name}{mark}</source>
        <translation>脚本编辑器 — {name}{mark}</translation>
    </message>
    <message>
        <source>New segment</source>
        <translation>新环节</translation>
    </message>
    <message>
        <source>“{file}” could not be opened; nothing was changed:</source>
        <translation>无法打开“{file}”，没有做任何改动：</translation>
    </message>
    <message>
        <source>Unsaved work found</source>
        <translation>发现未保存的内容</translation>
    </message>
    <message>
        <source>There are unsaved changes to this show from {time} (the console closed before they were saved). Restore them?</source>
        <translation>此脚本有 {time} 的未保存修改（中控台在保存前关闭了）。要恢复吗？</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>“{title}” has changes that are not saved. Save them first?</source>
        <translation>“{title}”有尚未保存的修改。要先保存吗？</translation>
    </message>
    <message>
        <source>Restored the unsaved changes. Save to keep them.</source>
        <translation>已恢复未保存的修改。请保存以保留。</translation>
    </message>
    <message>
        <source>Open a show</source>
        <translation>打开直播脚本</translation>
    </message>
    <message>
        <source>Shows (*.show.toml *.toml)</source>
        <translation>直播脚本 (*.show.toml *.toml)</translation>
    </message>
    <message>
        <source>Save the show</source>
        <translation>保存直播脚本</translation>
    </message>
    <message>
        <source>Shows (*.show.toml)</source>
        <translation>直播脚本 (*.show.toml)</translation>
    </message>
    <message>
        <source>The show was not saved: {why}</source>
        <translation>脚本未保存：{why}</translation>
    </message>
    <message>
        <source>Saved {file}</source>
        <translation>已保存 {file}</translation>
    </message>
    <message>
        <source>Imported {n} segments. Check the products (link them to the catalog) and the suggested cues, then save.</source>
        <translation>已导入 {n} 个环节。请检查商品（关联到商品库）和建议的动作，然后保存。</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <source>Web page (*.html)</source>
        <translation>网页 (*.html)</translation>
    </message>
    <message>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Export failed: {why}</source>
        <translation>导出失败：{why}</translation>
    </message>
    <message>
        <source>Exported {file}</source>
        <translation>已导出 {file}</translation>
    </message>
    <message>
        <source>Save the show first, so a running show can be resumed after a restart.</source>
        <translation>请先保存脚本，这样运行中的直播在重启后可以恢复。</translation>
    </message>
    <message>
        <source>… and {n} more lines</source>
        <translation>……另有 {n} 行</translation>
    </message>
    <message>
        <source>✓ No problems found</source>
        <translation>✓ 没有发现问题</translation>
    </message>
    <message>
        <source>⚠ {n} problems in {segments} segments — {where}: {problem}</source>
        <translation>⚠ {segments} 个环节中有 {n} 个问题 — {where}：{problem}</translation>
    </message>
    <message>
        <source>The console will not start it live while the problems marked red remain (a dry run leaves unfinished cues out).</source>
        <translation>只要还有标红的问题，中控台就不会正式开播它（试运行会跳过未完成的动作）。</translation>
    </message>
    <message>
        <source>… and {n} more</source>
        <translation>……另有 {n} 个</translation>
    </message>
    <message>
        <source>This show has {n} problems:</source>
        <translation>这个流程单有 {n} 个问题：</translation>
    </message>
    <message>
        <source>Run a show with problems?</source>
        <translation>要运行有问题的流程单吗？</translation>
    </message>
    <message>
        <source>Run it in the console anyway?</source>
        <translation>仍要在中控台中运行吗？</translation>
    </message>
    <message>
        <source>Run anyway</source>
        <translation>仍然运行</translation>
    </message>
    <message>
        <source>Fix them first</source>
        <translation>先去修改</translation>
    </message>
    <message>
        <source>No. {n} “{title}”</source>
        <translation>第 {n} 个“{title}”</translation>
    </message>
    <message>
        <source>No. {n}</source>
        <translation>第 {n} 个</translation>
    </message>
</context>
<context>
    <name>ShowFollow</name>
    <message>
        <source>Following {name}&apos;s show: it is started and run on that seat.</source>
        <translation>正在跟随{name}的直播脚本：由那个席位开始和推进。</translation>
    </message>
    <message>
        <source>Lost contact with the Studio at {time} — showing what was last known</source>
        <translation>{time} 与 Studio 失去联系 — 显示的是最后已知的状态</translation>
    </message>
    <message>
        <source>{name}&apos;s seat left at {time} — showing what was last known</source>
        <translation>{name} 的席位于 {time} 离开 — 显示的是最后已知的状态</translation>
    </message>
    <message>
        <source>REHEARSAL · {speed}</source>
        <translation>彩排 · {speed}</translation>
    </message>
    <message>
        <source>Following the show called on {name}&apos;s seat</source>
        <translation>正在跟随{name}席位主控的直播脚本</translation>
    </message>
    <message>
        <source>{elapsed} into the segment</source>
        <translation>本环节已进行 {elapsed}</translation>
    </message>
    <message>
        <source>Show: {offset}</source>
        <translation>整场：{offset}</translation>
    </message>
    <message>
        <source>Next: {title}</source>
        <translation>下一环节：{title}</translation>
    </message>
    <message>
        <source>next cue: {cue}</source>
        <translation>下一个动作：{cue}</translation>
    </message>
    <message>
        <source>GO (F9), asks {name}</source>
        <translation>执行（F9），请{name}执行</translation>
    </message>
    <message>
        <source>Lost contact with the Studio at {time} — reconnecting. Until it is back, actions on the room fail and the other seats are not seen.</source>
        <translation>{time} 与 Studio 失去联系 — 正在重连。恢复之前，对直播间的操作都会失败，也看不到其他席位。</translation>
    </message>
</context>
<context>
    <name>StreamVideo</name>
    <message>
        <source>stream is live</source>
        <translation>推流正常</translation>
    </message>
    <message>
        <source>The anchor&apos;s video reaches the platform (since {time}).</source>
        <translation>主播的画面正在送达平台（自 {time} 起）。</translation>
    </message>
    <message>
        <source>stream dropped — since {time}</source>
        <translation>推流已断 — 自 {time} 起</translation>
    </message>
    <message>
        <source>The platform stopped receiving the anchor&apos;s video at {time}; viewers see no picture. Check OBS and the network.</source>
        <translation>平台在 {time} 起收不到主播的画面，观众看不到画面。请检查 OBS 和网络。</translation>
    </message>
    <message>
        <source>stream forbidden by the platform</source>
        <translation>推流被平台禁止</translation>
    </message>
    <message>
        <source>The platform forbids this stream (since {time}); see the platform&apos;s console for why.</source>
        <translation>平台禁止了这路推流（自 {time} 起）；原因请在平台控制台查看。</translation>
    </message>
    <message>
        <source>no stream</source>
        <translation>未推流</translation>
    </message>
    <message>
        <source>No video is being pushed (since {time}).</source>
        <translation>当前没有推流（自 {time} 起）。</translation>
    </message>
    <message>
        <source>Stream dropped at {time}: check OBS and the network.</source>
        <translation>推流在 {time} 中断：请检查 OBS 和网络。</translation>
    </message>
    <message>
        <source>The platform forbids the stream (since {time}).</source>
        <translation>平台禁止了推流（自 {time} 起）。</translation>
    </message>
</context>
<context>
    <name>TextFiles</name>
    <message>
        <source>Cannot tell the encoding of {file}: save it as UTF-8 (in Excel: CSV UTF-8) and import it again</source>
        <translation>无法识别 {file} 的编码：请另存为 UTF-8（在 Excel 中选“CSV UTF-8”）后重新导入</translation>
    </message>
</context>
<context>
    <name>TimelinePanel</name>
    <message>
        <source>on time</source>
        <translation>准时</translation>
    </message>
    <message>
        <source>{t} behind</source>
        <translation>落后 {t}</translation>
    </message>
    <message>
        <source>{t} ahead</source>
        <translation>提前 {t}</translation>
    </message>
    <message>
        <source>No show loaded</source>
        <translation>未加载直播脚本</translation>
    </message>
    <message>
        <source>Open show…</source>
        <translation>打开脚本…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Start show</source>
        <translation>开始脚本</translation>
    </message>
    <message>
        <source>End show</source>
        <translation>结束脚本</translation>
    </message>
    <message>
        <source>Skip next</source>
        <translation>跳过下一环节</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>暂不执行</translation>
    </message>
    <message>
        <source>Fire selected cue</source>
        <translation>执行选中的动作</translation>
    </message>
    <message>
        <source>Message to the anchor (shown on the presenter view)…</source>
        <translation>给主播的提醒（显示在提词屏上）…</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Resuming the show that was running…</source>
        <translation>正在恢复之前进行的流程单…</translation>
    </message>
    <message>
        <source>GO (F9)</source>
        <translation>执行（F9）</translation>
    </message>
    <message>
        <source>Opening “{file}”…</source>
        <translation>正在打开“{file}”…</translation>
    </message>
    <message>
        <source>Cues in this segment</source>
        <translation>本环节的动作</translation>
    </message>
    <message>
        <source>Live</source>
        <translation>正式直播</translation>
    </message>
    <message>
        <source>Rehearse here</source>
        <translation>在本直播间彩排</translation>
    </message>
    <message>
        <source>Dry run</source>
        <translation>模拟演练</translation>
    </message>
    <message>
        <source>Live: the show runs for real and is resumed after a restart.
Rehearse here: faster, against this room (e.g. a Studio room), not resumed.
Dry run: faster, in a rehearsal room of its own with a simulated audience; nothing reaches the live room, and cues that are not finished are left out.</source>
        <translation>正式直播：脚本真实执行，重启后会继续。
在本直播间彩排：加速执行，作用于当前直播间（例如 Studio 直播间），重启后不继续。
模拟演练：加速执行，在单独的彩排直播间里进行，有模拟观众；不会影响正式直播间，未填写完整的动作会被跳过。</translation>
    </message>
    <message>
        <source>Previous segment</source>
        <translation>上一环节</translation>
    </message>
    <message>
        <source>Previous segment (Shift+F7)</source>
        <translation>上一环节(Shift+F7)</translation>
    </message>
    <message>
        <source>Next ▶ (F7)</source>
        <translation>下一环节 ▶(F7)</translation>
    </message>
    <message>
        <source>Next segment (F7)</source>
        <translation>下一环节(F7)</translation>
    </message>
    <message>
        <source>Extend (F6)</source>
        <translation>延长(F6)</translation>
    </message>
    <message>
        <source>Give this segment more time (F6); a negative value shortens it</source>
        <translation>给本环节加时(F6)；负数表示缩短</translation>
    </message>
    <message>
        <source>A dry run needs a Studio connection: this platform has no rehearsal rooms. Rehearse here instead.</source>
        <translation>模拟演练需要连接 Studio:这个平台没有彩排直播间。请改用“在本直播间彩排”。</translation>
    </message>
    <message>
        <source>No show loaded: open a show file (.show.toml) or write one in the editor.</source>
        <translation>未加载直播脚本：打开脚本文件 (.show.toml) 或在编辑器中编写。</translation>
    </message>
    <message>
        <source>(not saved)</source>
        <translation>（未保存）</translation>
    </message>
    <message>
        <source>Not running</source>
        <translation>未运行</translation>
    </message>
    <message>
        <source>Ready: {n} segments, planned {length}</source>
        <translation>就绪：{n} 个环节，计划 {length}</translation>
    </message>
    <message>
        <source>The show has ended</source>
        <translation>脚本已结束</translation>
    </message>
    <message>
        <source>REHEARSAL · </source>
        <translation>彩排 · </translation>
    </message>
    <message>
        <source>{elapsed} of {planned}</source>
        <translation>已进行 {elapsed} / 计划 {planned}</translation>
    </message>
    <message>
        <source>Show: {offset} · ends {time}</source>
        <translation>整场：{offset} · 预计 {time} 结束</translation>
    </message>
    <message>
        <source>fixed start</source>
        <translation>定时开始</translation>
    </message>
    <message>
        <source>follows on</source>
        <translation>紧接开始</translation>
    </message>
    <message>
        <source>Next: {title} at {time} ({how})</source>
        <translation>下一环节：{title}，{time}({how})</translation>
    </message>
    <message>
        <source>Next: —</source>
        <translation>下一环节：—</translation>
    </message>
    <message>
        <source>(+{n} waiting)</source>
        <translation>（另有 {n} 个等待）</translation>
    </message>
    <message>
        <source>GO asked of the show caller&apos;s seat</source>
        <translation>已请主控席位执行 GO</translation>
    </message>
    <message>
        <source>GO was not asked: {why}</source>
        <translation>GO 未发出：{why}</translation>
    </message>
    <message>
        <source>Sent to the presenter view</source>
        <translation>已发送到提词屏</translation>
    </message>
    <message>
        <source>Open a show</source>
        <translation>打开直播脚本</translation>
    </message>
    <message>
        <source>Shows (*.show.toml *.toml)</source>
        <translation>直播脚本 (*.show.toml *.toml)</translation>
    </message>
</context>
<context>
    <name>TimelineSegmentsModel</name>
    <message>
        <source>Segment</source>
        <translation>环节</translation>
    </message>
    <message>
        <source>Planned</source>
        <translation>计划</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>预计</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>时长</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>to come</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>ON AIR</source>
        <translation>进行中</translation>
    </message>
    <message>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>skipped</source>
        <translation>已跳过</translation>
    </message>
    <message>
        <source>Fixed start; {gap} gap before it</source>
        <translation>定时开始；之前空档 {gap}</translation>
    </message>
    <message>
        <source>Fixed start; the show runs {late} into it</source>
        <translation>定时开始；整场会超时 {late}</translation>
    </message>
</context>
<context>
    <name>TrustedViewersDialog</name>
    <message>
        <source>Trusted viewers</source>
        <translation>信任的观众</translation>
    </message>
    <message>
        <source>No trusted viewers. Trust one from a viewer&apos;s card (double-click a comment): the automatic rules then never act on them.</source>
        <translation>还没有信任的观众。可在观众卡片中设置（双击一条评论）：之后自动规则不会对其生效。</translation>
    </message>
    <message>
        <source>Stop trusting</source>
        <translation>取消信任</translation>
    </message>
    <message>
        <source>The automatic rules never act on these viewers, in any room on the same platform account. You still can, by hand.</source>
        <translation>在同一平台账号的任何直播间，自动规则都不会对这些观众生效；你仍可手动处理。</translation>
    </message>
    <message>
        <source>{nickname} · {id} · {platform} · since {date}</source>
        <translation>{nickname} · {id} · {platform} · 自 {date} 起</translation>
    </message>
</context>
<context>
    <name>UserCard</name>
    <message>
        <source>Viewer: {name}</source>
        <translation>观众：{name}</translation>
    </message>
    <message>
        <source>This viewer&apos;s comments could not be read ({why}).</source>
        <translation>无法读取该观众的评论（{why}）。</translation>
    </message>
    <message>
        <source>No moderation actions yet</source>
        <translation>暂无处理记录</translation>
    </message>
    <message>
        <source>Mute 10 min</source>
        <translation>禁言 10 分钟</translation>
    </message>
    <message>
        <source>Reading this viewer&apos;s comments…</source>
        <translation>正在读取该观众的评论…</translation>
    </message>
    <message>
        <source>Mute 60 min</source>
        <translation>禁言 60 分钟</translation>
    </message>
    <message>
        <source>Unmute</source>
        <translation>解除禁言</translation>
    </message>
    <message>
        <source>Ban</source>
        <translation>拉黑</translation>
    </message>
    <message>
        <source>Unban</source>
        <translation>解除封禁</translation>
    </message>
    <message>
        <source>Trusted viewer: rules never act on them</source>
        <translation>信任的观众：规则不对其生效</translation>
    </message>
    <message>
        <source>The rules act on another seat&apos;s console on this room: trust the viewer there too.</source>
        <translation>这个直播间的规则由另一个席位的中控台执行：请在那里也信任这位观众。</translation>
    </message>
    <message>
        <source>Comments this session</source>
        <translation>本场评论</translation>
    </message>
    <message>
        <source>Moderation so far</source>
        <translation>已有的处理</translation>
    </message>
</context>
<context>
    <name>WinnersExport</name>
    <message>
        <source>No.</source>
        <translation>序号</translation>
    </message>
    <message>
        <source>User ID</source>
        <translation>用户 ID</translation>
    </message>
    <message>
        <source>Nickname</source>
        <translation>昵称</translation>
    </message>
    <message>
        <source>Prize</source>
        <translation>奖品</translation>
    </message>
    <message>
        <source>Lucky bag</source>
        <translation>福袋</translation>
    </message>
    <message>
        <source>Drawn at</source>
        <translation>开奖时间</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Commitment</source>
        <translation>承诺值</translation>
    </message>
    <message>
        <source>Winners</source>
        <translation>中奖名单</translation>
    </message>
</context>
<context>
    <name>WordLists</name>
    <message>
        <source>Cannot read the word list {file}: {why}</source>
        <translation>无法读取词表 {file}：{why}</translation>
    </message>
    <message>
        <source>{file}, line {line}: not a CSV row</source>
        <translation>{file} 第 {line} 行：不是有效的 CSV 行</translation>
    </message>
</context>
<context>
    <name>WordListsDialog</name>
    <message>
        <source>Word lists</source>
        <translation>词库</translation>
    </message>
    <message>
        <source> min</source>
        <translation> 分钟</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>启用</translation>
    </message>
    <message>
        <source>Escalate repeat offenders</source>
        <translation>屡犯升级处罚</translation>
    </message>
    <message>
        <source>One entry per line. “=word” matches a Latin word only as a whole word; “re:” starts a regular expression.</source>
        <translation>每行一条。“=词”只匹配完整的英文单词；“re:”开头表示正则表达式。</translation>
    </message>
    <message>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <source>Try a comment: which rule would fire?</source>
        <translation>试一条评论：会触发哪条规则？</translation>
    </message>
    <message>
        <source>New group</source>
        <translation>新分组</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>导入…</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>处理方式</translation>
    </message>
    <message>
        <source>Deleted comments count as offences (what a viewer sends within {seconds} s is one): {steps}. Never a viewer who has ordered in the room.</source>
        <translation>被删除的评论计为违规（同一观众 {seconds} 秒内所发算一次）：{steps}。在本直播间下过单的观众不受影响。</translation>
    </message>
    <message>
        <source>Mute for</source>
        <translation>禁言时长</translation>
    </message>
    <message>
        <source>Trusted viewers…</source>
        <translation>信任的观众…</translation>
    </message>
    <message>
        <source>These are the team&apos;s lists: a change here applies on this seat only and is not saved on this computer (share it to make it the team&apos;s); this computer&apos;s own lists come back off this room.</source>
        <translation>这是团队的词表：此处的修改只对本席位生效，不会保存在本机（分享后才成为团队的词表）；离开此直播间后恢复本机自己的词表。</translation>
    </message>
    <message>
        <source>Share with the team</source>
        <translation>共享给团队</translation>
    </message>
    <message>
        <source>Team word lists need a Studio room run by several seats; these lists are this computer&apos;s.</source>
        <translation>团队词库需要由多个席位共同运营的 Studio 直播间；这些词库只属于这台电脑。</translation>
    </message>
    <message>
        <source>Make these lists every seat&apos;s on this room; each seat applies them at once.</source>
        <translation>让这个直播间的所有席位都使用这些词库，各席位会立即生效。</translation>
    </message>
    <message>
        <source>The lists were not shared: {why}</source>
        <translation>词库未共享：{why}</translation>
    </message>
    <message>
        <source>Every seat on this room now uses these lists.</source>
        <translation>这个直播间的所有席位现在都使用这些词库。</translation>
    </message>
    <message>
        <source>The lists were not shared: this console is not on a crew&apos;s room.</source>
        <translation>词库未共享：这台中控台不在团队运营的直播间里。</translation>
    </message>
    <message>
        <source>Applying…</source>
        <translation>正在应用…</translation>
    </message>
    <message>
        <source>Import words</source>
        <translation>导入词库</translation>
    </message>
    <message>
        <source>Word lists (*.txt *.csv)</source>
        <translation>词库 (*.txt *.csv)</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>正在导入…</translation>
    </message>
    <message>
        <source>{n} entries imported</source>
        <translation>已导入 {n} 条</translation>
    </message>
    <message>
        <source>{n} entry imported</source>
        <translation>已导入 {n} 条</translation>
    </message>
    <message>
        <source>Export words</source>
        <translation>导出词库</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Exported to {file}.</source>
        <translation>已导出到 {file}。</translation>
    </message>
    <message>
        <source>Applying the lists…</source>
        <translation>正在应用词库…</translation>
    </message>
    <message>
        <source>No rule fires: shown.</source>
        <translation>没有规则触发：正常显示。</translation>
    </message>
    <message>
        <source> (a question)</source>
        <translation>（是提问）</translation>
    </message>
    <message>
        <source>Would {action}: {why}</source>
        <translation>将会{action}：{why}</translation>
    </message>
</context>
<context>
    <name>WorkGuard</name>
    <message>
        <source>The show file was changed elsewhere</source>
        <translation>脚本文件已在别处被修改</translation>
    </message>
    <message>
        <source>“{file}” was saved from somewhere else (another console or window) since you opened or saved it here. Saving now replaces that version with yours.</source>
        <translation>自你在这里打开或保存以来，“{file}”已从别处（另一台中控台或另一个窗口）保存过。现在保存会用你的版本替换那个版本。</translation>
    </message>
    <message>
        <source>Replace it with mine</source>
        <translation>用我的版本替换</translation>
    </message>
    <message>
        <source>Save as another file…</source>
        <translation>另存为其他文件…</translation>
    </message>
    <message>
        <source>Unsaved changes</source>
        <translation>未保存的修改</translation>
    </message>
    <message>
        <source>The show has changes that are not saved, and no recovery copy of them could be written ({why}). Save them before closing?</source>
        <translation>脚本有未保存的修改，且无法写入恢复副本（{why}）。关闭前要保存吗？</translation>
    </message>
</context>
<context>
    <name>YouTube</name>
    <message>
        <source>The console asks Google for one permission, “Manage your YouTube account” (youtube.force-ssl): it is the one YouTube requires to read your live chat, post in it as your channel, delete messages and ban or unban viewers. The console does nothing else with it.</source>
        <translation>中控台只向 Google 申请一项权限：“管理你的 YouTube 账号”（youtube.force-ssl）。这是 YouTube 读取直播聊天、以你的频道发言、删除消息以及封禁或解封观众所要求的权限。中控台不会用它做其他任何事。</translation>
    </message>
    <message>
        <source>Signed in</source>
        <translation>已登录</translation>
    </message>
    <message>
        <source>You can close this window and return to Anchor Console.</source>
        <translation>可以关闭此窗口，返回 Anchor Console 中控台。</translation>
    </message>
    <message>
        <source>Not signed in</source>
        <translation>未登录</translation>
    </message>
    <message>
        <source>Return to Anchor Console.</source>
        <translation>请返回 Anchor Console 中控台。</translation>
    </message>
</context>
<context>
    <name>gate</name>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>Skipped on {platforms} (not supported there): {capability}.</source>
        <translation>{platforms}不支持{capability}，将在该平台跳过。</translation>
    </message>
    <message>
        <source>Not available on {platforms}: {capability}.</source>
        <translation>不可用：{platforms}不支持{capability}。</translation>
    </message>
    <message>
        <source>{platform}: {reason}</source>
        <translation>{platform}：{reason}</translation>
    </message>
</context>
<context>
    <name>presenter</name>
    <message>
        <source>NEXT: {title}</source>
        <translation>下一环节：{title}</translation>
    </message>
    <message>
        <source>Last segment</source>
        <translation>最后一个环节</translation>
    </message>
</context>
</TS>
