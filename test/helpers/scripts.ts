/**
 * Invented short news stories in each script family, for the tokenising and matching tests:
 * per family a story in three paragraphs, a rewrite of the same event in other words (with
 * the same figures), and the story's figures written in the script's own numeral system.
 * The texts were written for these tests; none is taken from a real article.
 */

export interface ScriptStory {
  family: string;
  /** The story, paragraph by paragraph. */
  paragraphs: readonly string[];
  /** The same event told in other words: a different story for a deduplicator. */
  rewrite: string;
  /** Turns the ASCII digits of a text into the script's own digits (identity where it has none in use). */
  nativeDigits: (text: string) => string;
}

const digitsFrom = (zero: number) => (text: string) => text.replace(/[0-9]/g, (d) => String.fromCodePoint(zero + Number(d)));

export const SCRIPT_STORIES: readonly ScriptStory[] = [
  {
    family: 'Latin with diacritics',
    paragraphs: [
      'A câmara municipal de Évora aprovou ontem um orçamento de 48 milhões de euros para reabilitar as muralhas da cidade, após três anos de negociações com o ministério da cultura e com as associações do património.',
      'As obras começam em março e deverão durar 26 meses. Segundo o vereador João Simões, a primeira fase abrange o troço sul, onde a pedra se desprendeu durante as chuvas de inverno e obrigou a fechar duas ruas.',
      'Os comerciantes do centro histórico temem perder clientes durante os trabalhos, mas a autarquia promete manter abertas todas as portas da muralha e reforçar os transportes públicos aos fins de semana.',
    ],
    rewrite:
      'Évora vai gastar 48 milhões de euros nas suas muralhas. O investimento, decidido pelos vereadores depois de longas conversas com Lisboa, prevê 26 meses de trabalhos a partir da primavera, começando pela zona onde caíram pedras no inverno passado. Lojistas receiam a quebra de vendas.',
    nativeDigits: (text) => text,
  },
  {
    family: 'Cyrillic',
    paragraphs: [
      'Городская дума Новосибирска в четверг утвердила программу ремонта трамвайных путей стоимостью 312 миллионов рублей, которая рассчитана на ближайшие четыре года и затронет почти все районы левого берега.',
      'По словам заместителя мэра Андрея Жукова, в первую очередь заменят 18 километров рельсов на улице Станиславского, где вагоны из-за износа путей уже несколько месяцев ходят с ограничением скорости.',
      'Жители соседних домов жалуются на шум ночных работ, однако в мэрии обещают перенести самые громкие операции на дневное время и заранее предупреждать горожан об изменениях маршрутов.',
    ],
    rewrite:
      'На ремонт трамвайной сети Новосибирск потратит 312 миллионов рублей. Депутаты поддержали план мэрии, и уже весной рабочие начнут укладывать новые рельсы: первыми станут 18 километров изношенного полотна в Ленинском районе. Горожан просят запастись терпением.',
    nativeDigits: (text) => text,
  },
  {
    family: 'Greek',
    paragraphs: [
      'Το δημοτικό συμβούλιο της Πάτρας ενέκρινε χθες σχέδιο ύψους 27 εκατομμυρίων ευρώ για την ανάπλαση του παλιού λιμανιού, ύστερα από δύο χρόνια διαβουλεύσεων με τους κατοίκους και τους επαγγελματίες της περιοχής.',
      'Σύμφωνα με τον αντιδήμαρχο Νίκο Παπαδάκη, οι εργασίες θα ξεκινήσουν τον Σεπτέμβριο και θα διαρκέσουν 30 μήνες, ενώ προβλέπεται νέος πεζόδρομος κατά μήκος της προβλήτας και χώροι πρασίνου.',
      'Οι ψαράδες ζητούν εγγυήσεις ότι θα διατηρήσουν τις θέσεις πρόσδεσης των σκαφών τους, και ο δήμος υπόσχεται ειδική ρύθμιση για όσους εργάζονται στο λιμάνι όλο τον χρόνο.',
    ],
    rewrite:
      'Με 27 εκατομμύρια ευρώ αλλάζει όψη το παλιό λιμάνι της Πάτρας. Η απόφαση πάρθηκε στο δημοτικό συμβούλιο και τα έργα, που θα κρατήσουν 30 μήνες, αρχίζουν το φθινόπωρο. Οι αλιείς ανησυχούν για τις θέσεις των καϊκιών.',
    nativeDigits: (text) => text,
  },
  {
    family: 'Arabic',
    paragraphs: [
      'وافق المجلس البلدي لمدينة صفاقس يوم الخميس على مشروع لتوسيع محطة تحلية مياه البحر بكلفة 95 مليون دينار، بعد أشهر من النقاش حول مصادر التمويل وتأثير المحطة على الساحل الجنوبي للمدينة.',
      'وقال رئيس البلدية كمال الهمامي إن الأشغال ستنطلق في شهر مايو وتستمر 22 شهرا، وإن الطاقة الإنتاجية للمحطة سترتفع بما يكفي لتزويد الأحياء الغربية التي تعاني انقطاع الماء كل صيف.',
      'ويخشى الصيادون من أن تؤثر المياه المالحة المطروحة في البحر على الثروة السمكية، فيما تعهدت البلدية بإجراء دراسة بيئية مستقلة قبل تشغيل الوحدات الجديدة.',
    ],
    rewrite:
      'صفاقس تنفق 95 مليون دينار على تحلية المياه. فقد صادق أعضاء المجلس البلدي على توسعة المحطة الحالية، على أن تدوم الأشغال 22 شهرا ابتداء من الربيع، لإنهاء العطش الذي يضرب الأحياء الغربية صيفا. أما البحارة فيطالبون بضمانات لحماية الأسماك.',
    nativeDigits: digitsFrom(0x0660),
  },
  {
    family: 'Han',
    paragraphs: [
      '杭州市政府周四宣布，将投入36亿元改造西湖周边的老旧排水管网，工程计划在三年内完成，覆盖上城区和西湖区的一百多个居民小区。',
      '市建委负责人李明表示，第一阶段将更换约48公里的雨水管道，重点解决每年梅雨季节沿湖道路积水的问题，施工期间部分公交线路将临时调整。',
      '不少沿湖商户担心施工影响客流，有关部门承诺分段封闭道路，并在节假日暂停夜间作业，以减少对游客和居民生活的干扰。',
    ],
    rewrite:
      '西湖边积水难题有望解决。记者从杭州获悉，当地拿出36亿元资金，用三年时间翻新老化的地下管道，其中48公里雨水管将率先动工。商家则担忧生意受到冲击。',
    nativeDigits: digitsFrom(0xff10),
  },
  {
    family: 'Japanese',
    paragraphs: [
      '札幌市は木曜日、老朽化した地下鉄南北線の車両を更新するため、総額420億円の計画を発表した。新しい車両は今後5年間で順次導入される予定だ。',
      '市交通局の田中健一局長によると、最初の12編成は来年の冬までに運行を始め、車内の暖房や段差のない乗降口など、高齢者に配慮した設備を備えるという。',
      '一方で、運賃の値上げを心配する声も市民から上がっており、市は国の補助金を活用して利用者の負担を抑えたいとしている。',
    ],
    rewrite:
      '南北線に新型車両がやってくる。札幌の地下鉄は420億円をかけて車両を入れ替えることになり、まず12編成が来冬に登場する。値上げへの不安も聞かれるが、市は補助金で対応する考えだ。',
    nativeDigits: digitsFrom(0xff10),
  },
  {
    family: 'Thai',
    paragraphs: [
      'สภาเทศบาลนครเชียงใหม่อนุมัติงบประมาณ 850 ล้านบาทเพื่อปรับปรุงคูเมืองและกำแพงเมืองเก่า หลังจากหารือกับชุมชนและหน่วยงานด้านศิลปวัฒนธรรมมานานกว่าสองปี',
      'นายกเทศมนตรีกล่าวว่าการก่อสร้างจะเริ่มในเดือนพฤศจิกายนและใช้เวลาประมาณ 18 เดือน โดยระยะแรกจะซ่อมแนวกำแพงด้านทิศใต้ที่ทรุดตัวในช่วงฤดูฝนที่ผ่านมา',
      'ผู้ประกอบการร้านค้าบริเวณประตูท่าแพกังวลว่าจำนวนนักท่องเที่ยวจะลดลง แต่เทศบาลยืนยันว่าจะเปิดเส้นทางเดินให้ใช้งานได้ตลอดระยะเวลาการก่อสร้าง',
    ],
    rewrite:
      'เชียงใหม่เตรียมเงิน 850 ล้านบาทฟื้นฟูคูเมือง งานจะกินเวลาราว 18 เดือนเริ่มปลายปีนี้ โดยเน้นกำแพงฝั่งใต้ที่เสียหายจากฝน พ่อค้าแม่ค้าย่านท่าแพห่วงรายได้ที่อาจหายไป',
    nativeDigits: digitsFrom(0x0e50),
  },
  {
    family: 'Devanagari',
    paragraphs: [
      'जयपुर नगर निगम ने गुरुवार को पुराने शहर की जल निकासी व्यवस्था सुधारने के लिए 240 करोड़ रुपये की योजना को मंजूरी दी, जिस पर पिछले दो साल से पार्षदों और व्यापारियों के बीच चर्चा चल रही थी।',
      'महापौर सुनीता शर्मा ने बताया कि काम अक्टूबर से शुरू होगा और लगभग 30 महीने चलेगा, और पहले चरण में बड़ी चौपड़ से चांदपोल तक की नालियां बदली जाएंगी जहां हर मानसून में पानी भर जाता है।',
      'बाजार के दुकानदारों को डर है कि खुदाई से ग्राहक कम हो जाएंगे, लेकिन निगम का कहना है कि काम रात में और छोटे हिस्सों में किया जाएगा ताकि रास्ते खुले रहें।',
    ],
    rewrite:
      'गुलाबी शहर की नालियों पर 240 करोड़ रुपये खर्च होंगे। निगम की बैठक में योजना पास हो गई है और अगले 30 महीनों में चौपड़ से चांदपोल तक नई नालियां बनेंगी। दुकानदार खुदाई से परेशान होने की आशंका जता रहे हैं।',
    nativeDigits: digitsFrom(0x0966),
  },
];
