<?xml version='1.0' encoding='utf-8'?>
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
        <source>Remove “{product}” from the shelf</source>
        <translation>从货架移除“{product}”</translation>
    </message>
    <message>
        <source>Reorder the shelf ({n} products)</source>
        <translation>调整货架顺序({n} 个商品)</translation>
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
        <source>Issue {quantity} × “{coupon}” coupons, valid {minutes} min</source>
        <translation>发放 {quantity} 张“{coupon}”,有效 {minutes} 分钟</translation>
    </message>
    <message>
        <source>Stop coupon batch #{issue}</source>
        <translation>停发第 {issue} 批优惠券</translation>
    </message>
    <message>
        <source>Flash sale: “{product}” at {price}, {stock} pieces, {limit} per buyer</source>
        <translation>秒杀:“{product}”{price},{stock} 件,每人限购 {limit} 件</translation>
    </message>
    <message>
        <source>Stop flash sale #{sale}</source>
        <translation>结束秒杀 #{sale}</translation>
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
        <source>Post as staff: {text}</source>
        <translation>以工作人员身份发言:{text}</translation>
    </message>
    <message>
        <source>Pin comment #{comment}</source>
        <translation>置顶评论 #{comment}</translation>
    </message>
    <message>
        <source>Unpin comment #{comment}</source>
        <translation>取消置顶评论 #{comment}</translation>
    </message>
    <message>
        <source>Hide comment #{comment}</source>
        <translation>隐藏评论 #{comment}</translation>
    </message>
    <message>
        <source>Delete comment #{comment}</source>
        <translation>删除评论 #{comment}</translation>
    </message>
    <message>
        <source>Mute viewer {user} for {minutes} min</source>
        <translation>禁言观众 {user} {minutes} 分钟</translation>
    </message>
    <message>
        <source>Unmute viewer {user}</source>
        <translation>解除禁言 {user}</translation>
    </message>
    <message>
        <source>Ban viewer {user}</source>
        <translation>拉黑观众 {user}</translation>
    </message>
    <message>
        <source>Unban viewer {user}</source>
        <translation>解除拉黑 {user}</translation>
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
        <source>No connection is set up, so the console runs the bundled Studio with a demo room. Add a connection to drive your own Studio server.</source>
        <translation>尚未设置连接,中控台正在运行内置 Studio 的演示直播间。添加连接即可操作你自己的 Studio 服务器。</translation>
    </message>
    <message>
        <source>Studio, as {platform}</source>
        <translation>Studio(模拟{platform})</translation>
    </message>
    <message>
        <source>A Studio connection can behave like a real platform, with only that platform's capabilities: useful to rehearse a show for it.</source>
        <translation>Studio 连接可以模拟真实平台,只提供该平台具备的能力:便于针对该平台彩排。</translation>
    </message>
    <message>
        <source>Test and list rooms</source>
        <translation>测试并列出直播间</translation>
    </message>
    <message>
        <source>Use this connection</source>
        <translation>使用此连接</translation>
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
        <source>Tokens are stored in the system keyring ({backend}).</source>
        <translation>令牌保存在系统钥匙串中({backend})。</translation>
    </message>
    <message>
        <source>No system keyring is available: tokens are kept only until the console closes.</source>
        <translation>没有可用的系统钥匙串:令牌只保留到中控台关闭为止。</translation>
    </message>
    <message>
        <source>{name} (off)</source>
        <translation>{name}(已停用)</translation>
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
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>My Studio</source>
        <translation>我的 Studio</translation>
    </message>
    <message>
        <source>The server URL must start with http:// or https://.</source>
        <translation>服务器地址必须以 http:// 或 https:// 开头。</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <source>Connected: {n} room(s) found.</source>
        <translation>已连接:找到 {n} 个直播间。</translation>
    </message>
    <message>
        <source>“{name}” needs a server URL (http:// or https://) and a room.</source>
        <translation>“{name}”需要服务器地址(http:// 或 https://)和直播间。</translation>
    </message>
    <message>
        <source>The token could not be saved in the keyring; it is kept for this session only.</source>
        <translation>令牌无法保存到钥匙串,仅在本次会话中有效。</translation>
    </message>
</context>
<context>
    <name>Console</name>
    <message>
        <source>No system keyring is available, so access tokens will not be remembered after you close the console. Install and unlock a keyring (GNOME Keyring, KWallet, macOS Keychain or Windows Credential Manager) to keep them.</source>
        <translation>没有可用的系统钥匙串,关闭中控台后将不会记住访问令牌。请安装并解锁钥匙串(GNOME Keyring、KWallet、macOS 钥匙串或 Windows 凭据管理器)以保存令牌。</translation>
    </message>
    <message>
        <source>Something went wrong ({error}). The console keeps running; the details are in the log file.</source>
        <translation>出现了问题({error})。中控台仍在运行,详细信息已写入日志文件。</translation>
    </message>
    <message>
        <source>Reconciled {n} action(s) left open by the last session.</source>
        <translation>已核对上次会话遗留的 {n} 个未完成操作。</translation>
    </message>
    <message>
        <source>Starting the bundled Studio…</source>
        <translation>正在启动内置 Studio…</translation>
    </message>
    <message>
        <source>The bundled Studio could not start ({error}). Its log is in {path}.</source>
        <translation>内置 Studio 无法启动({error})。日志位于 {path}。</translation>
    </message>
    <message>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Studio (demo)</source>
        <translation>Studio(演示)</translation>
    </message>
    <message>
        <source>Connected to the bundled Studio</source>
        <translation>已连接到内置 Studio</translation>
    </message>
    <message>
        <source>The bundled Studio stopped; restarting it…</source>
        <translation>内置 Studio 已停止,正在重启…</translation>
    </message>
    <message>
        <source>The bundled Studio could not restart ({error}).</source>
        <translation>内置 Studio 无法重启({error})。</translation>
    </message>
    <message>
        <source>The bundled Studio is back</source>
        <translation>内置 Studio 已恢复</translation>
    </message>
    <message>
        <source>No access token for “{name}”. Open Connections to enter one.</source>
        <translation>“{name}”没有访问令牌。请打开“连接”填写。</translation>
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
        <translation>直播中</translation>
    </message>
</context>
<context>
    <name>Journal</name>
    <message>
        <source>This connection is no longer part of the room; it cannot be retried from here.</source>
        <translation>此连接已不属于该直播间,无法在这里重试。</translation>
    </message>
    <message>
        <source>Interrupted before the platform answered; it may or may not have been applied.</source>
        <translation>在平台回应前被中断;操作可能已生效,也可能未生效。</translation>
    </message>
    <message>
        <source>Unexpected error ({error}); the action may or may not have been applied.</source>
        <translation>意外错误({error});操作可能已生效,也可能未生效。</translation>
    </message>
    <message>
        <source>The console closed before the platform answered.</source>
        <translation>平台回应前中控台已关闭。</translation>
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
        <translation>手动</translation>
    </message>
    <message>
        <source>cue</source>
        <translation>脚本提示</translation>
    </message>
    <message>
        <source>moderation</source>
        <translation>评论管理</translation>
    </message>
</context>
<context>
    <name>JournalPanel</name>
    <message>
        <source>Money actions only</source>
        <translation>只看涉及资金的操作</translation>
    </message>
    <message>
        <source>Retry (same key)</source>
        <translation>重试(同一幂等键)</translation>
    </message>
    <message>
        <source>Send what failed or got no answer again, with the original idempotency key: it can never apply twice.</source>
        <translation>用原来的幂等键重新发送失败或无回应的部分:绝不会重复生效。</translation>
    </message>
    <message>
        <source>{time} · {who} · console {console} · {origin}</source>
        <translation>{time} · {who} · 中控台 {console} · {origin}</translation>
    </message>
    <message>
        <source>(key …{tail}, {n} attempt(s))</source>
        <translation>(键 …{tail},尝试 {n} 次)</translation>
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
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
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
        <source>End the live broadcast now? Viewers can no longer buy, and this cannot be undone.</source>
        <translation>现在结束直播?观众将无法再购买,且无法撤销。</translation>
    </message>
    <message>
        <source>Anchor Console {version}</source>
        <translation>中控台 Anchor Console {version}</translation>
    </message>
    <message>
        <source>A console for live-commerce broadcasts: shelf and 讲解, coupons and flash sales, run of show, comment moderation.</source>
        <translation>直播带货中控台:商品上架与讲解、优惠券与秒杀、直播脚本、评论管理。</translation>
    </message>
</context>
<context>
    <name>NotificationBar</name>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
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
</context>
<context>
    <name>PlatformError</name>
    <message>
        <source>Sign-in failed: the access token was refused. Open Connections and enter a new token.</source>
        <translation>登录失败:访问令牌被拒绝。请打开“连接”填写新的令牌。</translation>
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
        <translation>平台要求降低频率,请 {seconds} 秒后再试。</translation>
    </message>
    <message>
        <source>The platform cannot be reached right now; the action was not applied.</source>
        <translation>暂时无法连接平台,操作未生效。</translation>
    </message>
    <message>
        <source>No answer from the platform: the action may or may not have been applied. Retrying is safe.</source>
        <translation>平台没有回应:操作可能已生效,也可能未生效。重试是安全的。</translation>
    </message>
    <message>
        <source>Another product is already on stage.</source>
        <translation>已有其他商品在讲解中。</translation>
    </message>
    <message>
        <source>This product is off sale; put it on sale first.</source>
        <translation>该商品已下架,请先上架。</translation>
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
        <source>The flash-sale price must be below the regular price.</source>
        <translation>秒杀价必须低于原价。</translation>
    </message>
    <message>
        <source>There is not enough stock for this flash sale.</source>
        <translation>库存不足,无法设置该秒杀。</translation>
    </message>
    <message>
        <source>That SKU does not belong to this product.</source>
        <translation>该规格不属于此商品。</translation>
    </message>
    <message>
        <source>The shelf changed meanwhile; reload and sort again.</source>
        <translation>货架已被改动,请刷新后重新排序。</translation>
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
        <source>FIRE flash sale</source>
        <translation>开始秒杀</translation>
    </message>
    <message>
        <source>Disarm</source>
        <translation>取消准备</translation>
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
    <message>
        <source>Firing…</source>
        <translation>启动中…</translation>
    </message>
    <message>
        <source>The flash-sale price must be below the regular price ({price}).</source>
        <translation>秒杀价必须低于原价({price})。</translation>
    </message>
    <message>
        <source>Armed: {sku} at {price}, {stock} pieces, {limit} per buyer, countdown {countdown} s, lasts {duration}.</source>
        <translation>已准备:{sku},秒杀价 {price},共 {stock} 件,每人限购 {limit} 件,倒计时 {countdown} 秒,持续 {duration}。</translation>
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
        <translation>在 OBS 中:设置 → 推流 → 服务选“自定义”,粘贴服务器和推流码。推流码需保密:拿到它的人都能向这个直播间推流。</translation>
    </message>
</context>
<context>
    <name>RoomActions</name>
    <message>
        <source>Not connected to a room yet.</source>
        <translation>尚未连接到直播间。</translation>
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
        <source>Done: {action}</source>
        <translation>已完成:{action}</translation>
    </message>
    <message>
        <source>{action}: {why}</source>
        <translation>{action}:{why}</translation>
    </message>
    <message>
        <source>{platform}: done</source>
        <translation>{platform}:已完成</translation>
    </message>
    <message>
        <source>No answer yet for: {action}</source>
        <translation>尚无回应:{action}</translation>
    </message>
    <message>
        <source>Failed: {action}</source>
        <translation>失败:{action}</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
</context>
<context>
    <name>RoomHeader</name>
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
</context>
<context>
    <name>Settings</name>
    <message>
        <source>Your settings file could not be read ({error}); it was kept as {backup} and the console starts with default settings.</source>
        <translation>无法读取设置文件({error});原文件已保存为 {backup},中控台使用默认设置启动。</translation>
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
        <translation>界面语言(重启后生效)</translation>
    </message>
    <message>
        <source>Demo audience (bundled Studio)</source>
        <translation>演示观众(内置 Studio)</translation>
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
</context>
<context>
    <name>ShelfPanel</name>
    <message>
        <source>讲解 (Space)</source>
        <translation>讲解(空格)</translation>
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
</context>
<context>
    <name>gate</name>
    <message>
        <source>, </source>
        <translation>、</translation>
    </message>
    <message>
        <source>{platforms} cannot do {capability}; it will be skipped there.</source>
        <translation>{platforms}不支持{capability},将在该平台跳过。</translation>
    </message>
    <message>
        <source>Not available: {platforms} cannot do {capability}.</source>
        <translation>不可用:{platforms}不支持{capability}。</translation>
    </message>
</context>
</TS>